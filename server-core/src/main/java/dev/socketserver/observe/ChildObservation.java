package dev.socketserver.observe;

import java.net.SocketAddress;

/**
 * One forked child, observed for a {@link ChildEvent}: {@link #begin()} before its process starts,
 * {@link #started()} once {@code ProcessBuilder.start} returned, {@link #exited} when it is gone.
 * With the event disabled it only reads the clock.
 */
public final class ChildObservation {

    private final ChildEvent event = new ChildEvent();
    private final long startedAt = System.nanoTime();
    private long startNanos;

    private ChildObservation() {
        event.begin();
    }

    public static ChildObservation begin() {
        return new ChildObservation();
    }

    public void started() {
        startNanos = System.nanoTime() - startedAt;
    }

    /** The child exited: commits its event, if a recording wants it. */
    public void exited(Process process, SocketAddress client) {
        event.end();
        if (event.shouldCommit()) {
            event.pid = process.pid();
            event.client = String.valueOf(client);
            event.exitStatus = process.exitValue();
            event.startNanos = startNanos;
            event.commit();
        }
    }
}
