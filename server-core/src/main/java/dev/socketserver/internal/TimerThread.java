package dev.socketserver.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon timer thread behind {@code dev.socketserver.Timers} (which documents it), for the
 * packages that must not depend on the API package: read timeouts, idle connections, a handler's
 * own deadlines. A task must be short: it runs on that one thread.
 */
public final class TimerThread {

    /** How often the thread wakes while deadlines are set ({@link PacedTimer}): deadlines are seconds or more. */
    private static final long PACE_MILLIS = 1000;
    private static final PacedTimer TIMER = create();

    private TimerThread() {
    }

    private static PacedTimer create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("socketserver-timer").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true); // cancelled deadlines must not pile up
        return new PacedTimer(executor, PACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts the thread ahead of the first deadline, leaving nothing queued ({@link PacedTimer#warm()}). */
    public static void warm() {
        TIMER.warm();
    }

    /** Runs {@code task} once after the delay; cancel the result when the deadline is no longer needed. */
    public static ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return TIMER.schedule(task, delay, unit);
    }
}
