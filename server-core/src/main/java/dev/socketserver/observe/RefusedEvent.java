package dev.socketserver.observe;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A request the server closed unserved (allow-list or an overridden verifyRequest). */
@Name("dev.socketserver.Refused")
@Label("Refused Request")
@Category({"socketserver"})
@StackTrace(false) // always the same few frames: not worth recording
public final class RefusedEvent extends Event {
    @Label("Client") public String client;
    @Label("Transport") public String transport;
    @Label("Reason") public String reason;
}
