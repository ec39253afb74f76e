package dev.socketserver.handlers;

import dev.socketserver.Timers;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jetbrains.annotations.Nullable;

/**
 * The request timeout of one connection ({@code Limits.requestTimeout}): once started, the
 * connection is closed unless the handler stops it in time, however the client's bytes trickle.
 * The idle timeout cannot see a slowloris that sends a byte every few seconds (each byte is
 * progress); this deadline is for what the bytes must add up to. Closing the connection fails
 * the handler's blocked read at once, in any thread or mode.
 *
 * <p>Starting and stopping cost a volatile write each, not a timer task per request: one task on
 * the shared timer thread looks at the deadline when it could have passed and re-arms itself
 * for the rest, or lapses while the deadline is stopped (as the idle timeout's guard does).
 */
final class RequestDeadline {

    private static final long STOPPED = 0;

    private final long timeoutNanos; // 0: no timeout
    private final Runnable onExpiry;
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private volatile long endsAt = STOPPED;
    private volatile @Nullable ScheduledFuture<?> timer;

    /** @param timeout null for none: the deadline then never starts */
    RequestDeadline(@Nullable Duration timeout, Runnable onExpiry) {
        this.timeoutNanos = timeout == null ? 0 : Math.max(1, timeout.toNanos());
        this.onExpiry = onExpiry;
    }

    /** Starts the deadline unless it is already running (it keeps its original end). */
    void startIfStopped() {
        if (timeoutNanos == 0 || endsAt != STOPPED) {
            return;
        }
        endsAt = (System.nanoTime() + timeoutNanos) | 1; // never STOPPED by chance
        arm(timeoutNanos);
    }

    /** Starts the deadline afresh. */
    void restart() {
        stop();
        startIfStopped();
    }

    /** What was awaited has arrived in time. */
    void stop() {
        endsAt = STOPPED;
    }

    /** Stops the deadline and drops its timer task: the connection is over. */
    void close() {
        stop();
        ScheduledFuture<?> pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void arm(long delayNanos) {
        if (!timerArmed.getAndSet(true)) {
            timer = Timers.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long end = endsAt;
        if (end == STOPPED) {
            timerArmed.set(false);
            if (endsAt != STOPPED) { // started again between the read and the lapse
                arm(Math.max(1, endsAt - System.nanoTime()));
            }
            return;
        }
        long left = end - System.nanoTime();
        if (left > 0) {
            timer = Timers.schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        timerArmed.set(false);
        endsAt = STOPPED;
        onExpiry.run();
    }
}
