package dev.socketserver.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A wait of the serve loop at {@code Limits.maxConnections}: a client was ready to be taken while
 * every connection slot was in use, so the server left it (and any later ones) in the listen
 * backlog. Its duration is the wait, from the first turn that found no free slot to the one that
 * got one (or to the loop's stop). Off unless a recording enables it.
 */
@Name("dev.socketserver.LimitWait")
@Label("Connection Limit Wait")
@Category({"socketserver"})
@StackTrace(false) // always the serve loop's frames: not worth recording
@Description("The server waited for a free connection slot (maxConnections in flight) while a client was pending")
public final class LimitWaitEvent extends Event {
    /** An event not yet begun; the server fills in its fields before it commits it. */
    public LimitWaitEvent() {
    }

    /** Tcp, udp, unix or unixdgram. */
    @Label("Transport") public String transport;
    /** The server's bound address. */
    @Label("Address") public String address;
    /** The limit that was reached: {@code Limits.maxConnections}. */
    @Label("Max Connections") public int maxConnections;
    /** Whether the wait ended with a free slot (false: the loop stopped first). */
    @Label("Slot Freed") public boolean slotFreed;
}
