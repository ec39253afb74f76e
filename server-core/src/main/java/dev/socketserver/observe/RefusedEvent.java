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
    /** An event not yet begun; the server fills in its fields before it commits it. */
    public RefusedEvent() {
    }

    /** The refused client's address. */
    @Label("Client") public String client;
    /** Tcp, udp, unix or unixdgram. */
    @Label("Transport") public String transport;
    /** Why the request was refused. */
    @Label("Reason") public String reason;
}
