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
    @Label("Pid") public long pid;
    @Label("Client") public String client;
    @Label("Exit Status") public int exitStatus;
    @Label("Start") @Description("How long ProcessBuilder.start took") @Timespan(Timespan.NANOSECONDS)
    public long startNanos;
}
