package dev.socketserver.handlers;

import dev.socketserver.internal.Timers;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jetbrains.annotations.Nullable;

/**
 * The request timeout of one connection ({@code Limits.requestTimeout}): once started, the
 * connection is closed unless the handler stops it in time, however the client's bytes trickle.
 * The idle timeout cannot see a slowloris that sends a byte every few seconds (each byte is
 * progress); this deadline is for what the bytes must add up to. Closing the connection fails
 * the handler's blocked read at once, in any thread or mode. Runs on the shared timer thread.
 */
final class RequestDeadline {

    private final @Nullable Duration timeout;
    private final Runnable onExpiry;
    private @Nullable ScheduledFuture<?> pending; // the handler's thread only

    /** @param timeout null for none: {@link #start()} then does nothing */
    RequestDeadline(@Nullable Duration timeout, Runnable onExpiry) {
        this.timeout = timeout;
        this.onExpiry = onExpiry;
    }

    /** Starts the deadline unless it is already running (it keeps its original end). */
    void startIfStopped() {
        if (pending == null && timeout != null) {
            pending = Timers.schedule(onExpiry, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        }
    }

    /** Starts the deadline afresh. */
    void restart() {
        stop();
        startIfStopped();
    }

    /** What was awaited has arrived in time. */
    void stop() {
        ScheduledFuture<?> running = pending;
        if (running != null) {
            running.cancel(false);
            pending = null;
        }
    }

    @Nullable Duration timeout() {
        return timeout;
    }
}
