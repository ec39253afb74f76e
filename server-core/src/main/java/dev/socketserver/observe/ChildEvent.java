package dev.socketserver.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A forked child's life, from just before ProcessBuilder.start to its exit; committed when it exits. */
@Name("dev.socketserver.Child")
@Label("Forked Child")
@Category({"socketserver"})
@StackTrace(false) // always the same few frames: not worth recording
@Description("A child JVM that served one request in forked mode")
public final class ChildEvent extends Event {
    /** An event not yet begun; the server fills in its fields before it commits it. */
    public ChildEvent() {
    }

    /** The child's process id. */
    @Label("Pid") public long pid;
    /** The client the child served. */
    @Label("Client") public String client;
    /** The child's exit status. */
    @Label("Exit Status") public int exitStatus;
    /** How long {@code ProcessBuilder.start} took, in nanoseconds. */
    @Label("Start") @Description("How long ProcessBuilder.start took") @Timespan(Timespan.NANOSECONDS)
    public long startNanos;
}
