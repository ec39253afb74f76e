package dev.socketserver.observe;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A connection the server closed under its handler: idle too long, or still busy after the close grace. */
@Name("dev.socketserver.Cut")
@Label("Cut Connection")
@Category({"socketserver"})
@StackTrace(false) // always the same few frames: not worth recording
public final class CutEvent extends Event {
    /** An event not yet begun; the server fills in its fields before it commits it. */
    public CutEvent() {
    }

    /** The client's address. */
    @Label("Client") public String client;
    /** Tcp, udp, unix or unixdgram. */
    @Label("Transport") public String transport;
    /** Why the server closed the connection (idle timeout, close grace). */
    @Label("Reason") public String reason;
}
