package dev.socketserver.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One request; its duration is the handler's run, or in forked mode the time from the hand-off to
 * the child's exit (its bytes are then 0: they moved in the child). Off unless a recording enables it.
 */
@Name("dev.socketserver.Request")
@Label("Request")
@Category({"socketserver"})
@StackTrace(false) // always the same few frames: not worth recording
@Description("A request served by a socketserver server: client, mode, transport, bytes and outcome")
public final class RequestEvent extends Event {
    /** An event not yet begun; the server fills in its fields before it commits it. */
    public RequestEvent() {
    }

    /** The client's address. */
    @Label("Client") public String client;
    /** The mode: sync, threaded, virtual or forked. */
    @Label("Mode") public String mode;
    /** Tcp, udp, unix or unixdgram. */
    @Label("Transport") public String transport;
    /** Bytes read from the client. */
    @Label("Bytes In") @DataAmount public long bytesIn;
    /** Bytes written to the client. */
    @Label("Bytes Out") @DataAmount public long bytesOut;
    /** Ok, failed or cut. */
    @Label("Outcome") @Description("ok, failed or cut") public String outcome;
}
