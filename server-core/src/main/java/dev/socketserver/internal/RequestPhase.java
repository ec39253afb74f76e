package dev.socketserver.internal;

import org.jetbrains.annotations.Nullable;

/**
 * Whether a connection is between requests (its handler waits for the client's next command) or
 * in the middle of one, so that a graceful stop closes idle connections at once and gives the
 * grace period only to requests that are doing something. One per connection, bound to a
 * {@link ScopedValue} while its handler runs; the stream handler's {@code awaitingRequest()} and
 * {@code requestStarted()} set it through {@link #current()}.
 */
public final class RequestPhase {

    private static final ScopedValue<RequestPhase> CURRENT = ScopedValue.newInstance();

    private final Runnable close;
    private volatile boolean idle;
    private volatile boolean closeWhenIdle;

    /** @param close closes the connection under its handler (its blocked read then fails) */
    public RequestPhase(Runnable close) {
        this.close = close;
    }

    /** Runs {@code op} with {@code phase} as the {@link #current()} one. */
    public static <T, X extends Throwable> T callWith(RequestPhase phase, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, phase).call(op);
    }

    /** The phase of the connection served in this thread, or null outside a {@code RequestTask}. */
    public static @Nullable RequestPhase current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The handler now waits for the next request; closes the connection if the server is stopping. */
    public void awaiting() {
        idle = true;
        if (closeWhenIdle) {
            close.run();
        }
    }

    /** The handler has a request to serve: the connection is busy until {@link #awaiting()}. */
    public void started() {
        idle = false;
    }

    /**
     * The server is stopping gracefully: closes the connection now if it is idle, otherwise as
     * soon as it becomes idle. (Both sides write their flag before reading the other's, so one of
     * them always sees the other; a connection closed twice is closed once.)
     */
    public void closeWhenIdle() {
        closeWhenIdle = true;
        if (idle) {
            close.run();
        }
    }
}
