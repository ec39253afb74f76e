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
    @Label("Client") public String client;
    @Label("Transport") public String transport;
    @Label("Reason") public String reason;
}
