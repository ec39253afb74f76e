package dev.socketserver.internal;

import dev.socketserver.observe.ChildEvent;
import java.net.SocketAddress;

/**
 * One forked child, observed for a {@link ChildEvent}: {@link #begin()} before its process starts,
 * {@link #started()} once {@code ProcessBuilder.start} returned, {@link #ended} when its request is over.
 * With the event disabled it only reads the clock.
 */
public final class ChildObservation {

    private final ChildEvent event = new ChildEvent();
    private final long startedAt = System.nanoTime();
    private long startNanos;

    private ChildObservation() {
        event.begin();
    }

    /**
     * A child is about to be started: its event's clock starts now.
     *
     * @return the observation, to be told {@link #started()} and {@link #ended}
     */
    public static ChildObservation begin() {
        return new ChildObservation();
    }

    /** {@code ProcessBuilder.start} returned: the time it took is the event's start latency. */
    public void started() {
        startNanos = System.nanoTime() - startedAt;
    }

    /**
     * The child's request is over: commits its event, if a recording wants it.
     *
     * @param pid the child, which may keep running (a pooled child that serves more than one request)
     * @param client the client the child served
     * @param status the child's exit status, or 0 when it said it is ready for another request
     */
    public void ended(long pid, SocketAddress client, int status) {
        event.end();
        if (event.shouldCommit()) {
            event.pid = pid;
            event.client = String.valueOf(client);
            event.exitStatus = status;
            event.startNanos = startNanos;
            event.commit();
        }
    }
}
