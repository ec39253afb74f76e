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
 * again afterwards (the pool may have lost a child meanwhile).
 */
final class PoolRefill {

    private final BooleanSupplier fill; // false: try again after the retry delay
    private final Duration retryDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sooner = lock.newCondition();
    private boolean running; // a refill thread exists
    private boolean asked; // a refill is due at dueAt
    private long dueAt; // System.nanoTime()

    PoolRefill(BooleanSupplier fill, Duration retryDelay) {
        this.fill = fill;
        this.retryDelay = retryDelay;
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

    /** Waits until the refill asked for is due and takes it; false (the thread ends) when none is asked for. */
    private boolean awaitDue() throws InterruptedException {
        lock.lock();
        try {
            if (!asked) {
                running = false;
                return false;
            }
            for (long left = dueAt - System.nanoTime(); left > 0; left = dueAt - System.nanoTime()) {
                sooner.await(left, TimeUnit.NANOSECONDS);
            }
            asked = false;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
