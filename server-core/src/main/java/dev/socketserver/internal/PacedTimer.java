package dev.socketserver.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-thread timer whose thread is not woken by every deadline set. The executor wakes its
 * thread whenever a new task becomes its earliest; with deadlines cancelled as each connection
 * ends (they must not pile up) and connections coming one after another, every connection's
 * idle guard and request deadline each became the earliest in an empty queue: two wake-ups of
 * the timer thread per connection, a futex call and a context switch each way, on the core that
 * serves the requests (measured in docs/benchmarks.md).
 *
 * <p>So while deadlines are being set, a no-op <em>pace</em> task stays queued, due within
 * {@code pace}: a deadline further off than that is not the earliest and is queued without a
 * wake-up. The pace re-arms itself when it runs if a deadline was set since its last run, and
 * lapses otherwise, so an idle timer sleeps. A deadline nearer than the pace wakes the thread as
 * before; nothing runs later than it was due.
 */
final class PacedTimer {

    private final ScheduledThreadPoolExecutor executor;
    private final long paceNanos;
    private final AtomicBoolean paceQueued = new AtomicBoolean();
    private volatile boolean setSincePace;

    /** @param executor one thread, cancelled tasks removed; {@code pace}: how often the thread wakes while deadlines are set */
    PacedTimer(ScheduledThreadPoolExecutor executor, long pace, TimeUnit unit) {
        this.executor = executor;
        this.paceNanos = unit.toNanos(pace);
    }

    /** Runs {@code task} once after the delay; cancel the result when the deadline is no longer needed. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        if (!setSincePace) {
            setSincePace = true; // read first: no write to a shared line on every deadline
        }
        if (!paceQueued.get() && paceQueued.compareAndSet(false, true)) {
            executor.schedule(this::pace, paceNanos, TimeUnit.NANOSECONDS); // first, so the task is not the earliest
        }
        return executor.schedule(task, delay, unit);
    }

    /**
     * Starts the thread and runs the executor's scheduling and cancelling once, for a process that
     * has nothing to time yet but soon will (a pooled child before it says it is ready), without
     * queuing the pace: a queued pace would wake the thread a second later and again a second
     * after, each time running the executor's code for the first time, interpreted (measured: 1.8 ms
     * of a waiting child's CPU in its first 2 s; docs/forked.md).
     */
    void warm() {
        executor.schedule(PacedTimer::nothing, 0, TimeUnit.NANOSECONDS); // starts the thread, which then runs it
        executor.schedule(PacedTimer::nothing, 1, TimeUnit.DAYS).cancel(false); // the path of a deadline cancelled in time
    }

    /** The warm-up's task: running it is the point. */
    private static void nothing() {
        // no work: see warm
    }

    /**
     * On the timer thread. A deadline set between the check and the lapse finds the pace still
     * queued and sets none: that deadline and those after it until the next one that queues the
     * pace wake the thread as without pacing, and nothing is late.
     */
    private void pace() {
        if (setSincePace) {
            setSincePace = false;
            executor.schedule(this::pace, paceNanos, TimeUnit.NANOSECONDS);
        } else {
            paceQueued.set(false);
        }
    }
}
