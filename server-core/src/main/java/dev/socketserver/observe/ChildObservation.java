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

    /**
     * A child is about to be started: its event's clock starts now.
     *
     * @return the observation, to be told {@link #started()} and {@link #exited}
     */
    public static ChildObservation begin() {
        return new ChildObservation();
    }

    /** {@code ProcessBuilder.start} returned: the time it took is the event's start latency. */
    public void started() {
        startNanos = System.nanoTime() - startedAt;
    }

    /**
     * The child exited: commits its event, if a recording wants it.
     *
     * @param process the exited child, whose pid and exit status are recorded
     * @param client the client the child served
     */
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
