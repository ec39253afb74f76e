package dev.socketserver.fork;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;

/**
 * When the warm pool tops itself up: at most one refill thread at a time, which runs the pool's
 * {@code fill} once the earliest refill asked for is due. A refill asked for sooner than the one
 * pending brings it forward (a request found no other child ready: its replacement must not wait
 * out a delay meant for a dying child), and one asked for while {@code fill} runs makes it run
 * again afterwards (the pool may have lost a child meanwhile). Rounds start at least
 * {@code spacing} apart, as they did when every refill waited that long: at a high request rate
 * the pool then starts no more JVMs than it used to (a waiting child costs more CPU than one
 * started for its request, so more of them would lower the rate the server sustains), while at a
 * light load, requests further apart than that, a replacement still starts as soon as it is asked for.
 */
final class PoolRefill {

    private final BooleanSupplier fill; // false: try again after the retry delay
    private final Duration retryDelay;
    private final long spacingNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sooner = lock.newCondition();
    private boolean running; // a refill thread exists
    private boolean asked; // a refill is due at dueAt
    private long dueAt; // System.nanoTime()
    private long lastRound = System.nanoTime() - Long.MAX_VALUE / 2; // long ago

    /**
     * @param fill starts the children the pool lacks; false when it is to be tried again after {@code retryDelay}
     * @param spacing the least time from one round's start to the next's
     */
    PoolRefill(BooleanSupplier fill, Duration retryDelay, Duration spacing) {
        this.fill = fill;
        this.retryDelay = retryDelay;
        this.spacingNanos = spacing.toNanos();
    }

    /** Runs a refill within {@code delay} from now (sooner if one is already due sooner). */
    void within(Duration delay) {
        long at = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (!asked || at - dueAt < 0) {
                asked = true;
                dueAt = at;
                sooner.signal();
            }
            if (running) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("socketserver-pool-refill").start(this::run);
    }

    private void run() {
        try {
            while (awaitDue()) {
                if (!fill.getAsBoolean()) {
                    within(retryDelay);
                }
            }
        } catch (InterruptedException e) {
            Logger.debug("pool refill interrupted");
            lock.lock();
            try {
                running = false;
                asked = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /** When the next round may start: when asked for, but not before the spacing since the last one has passed. */
    private long due() {
        long spaced = lastRound + spacingNanos;
        return dueAt - spaced < 0 ? spaced : dueAt;
    }

    /** Waits until the refill asked for is due and takes it; false (the thread ends) when none is asked for. */
    private boolean awaitDue() throws InterruptedException {
        lock.lock();
        try {
            if (!asked) {
                running = false;
                return false;
            }
            for (long left = due() - System.nanoTime(); left > 0; left = due() - System.nanoTime()) {
                sooner.await(left, TimeUnit.NANOSECONDS);
            }
            asked = false;
            lastRound = System.nanoTime();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
