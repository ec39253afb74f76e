package dev.socketserver;

import dev.socketserver.internal.TimerThread;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon timer thread for deadlines: read timeouts, idle connections, and a handler's
 * own (the file handler's request timeout). A task must be short: it runs on that one thread.
 */
public final class Timers {

    private Timers() {
    }

    /**
     * Runs {@code task} once after the delay, on the shared daemon timer thread.
     *
     * @param task what to run; it should be quick, since every timer shares the one thread
     * @param delay how long to wait, in {@code unit}s
     * @param unit the unit of {@code delay}
     * @return the scheduled run, to cancel it when the deadline is no longer needed
     */
    public static ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return TimerThread.schedule(task, delay, unit);
    }
}
