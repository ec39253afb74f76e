package dev.socketserver.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;

/**
 * The server's budget of requests in flight ({@code Limits.maxConnections}): the serve loop takes
 * a permit before it accepts, the request gives it back when it is done. While none is free the
 * loop does not accept, so new clients wait in the listen backlog instead of becoming threads.
 * Unlike a {@link java.util.concurrent.Semaphore}, a waiting loop can be woken for shutdown.
 */
public final class ConnectionPermits {

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int inUse; // guarded by lock
    private long wakeUps; // guarded by lock; bumped by wakeUp() so a waiter can tell

    public ConnectionPermits(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        this.max = max;
    }

    /**
     * Takes a permit, waiting at most {@code waitMillis} (0: not at all) for one to be released.
     *
     * @return the permit, which its holder releases once; null when none was free in time or
     *     {@link #wakeUp()} was called while waiting
     */
    public @Nullable Permit tryAcquire(long waitMillis) {
        lock.lock();
        try {
            long wakeUpsBefore = wakeUps;
            ConditionWait.await(lock, changed, () -> inUse < max || wakeUps != wakeUpsBefore, Duration.ofMillis(waitMillis));
            if (inUse >= max) {
                return null; // none in time, woken for shutdown, or interrupted
            }
            inUse++;
            return new Permit(this);
        } finally {
            lock.unlock();
        }
    }

    /** Gives a permit back: only through {@link Permit#release()}, which does it once. */
    private void release() {
        lock.lock();
        try {
            if (inUse == 0) {
                throw new IllegalStateException("released more permits than were taken");
            }
            inUse--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait in {@link #tryAcquire} at once (shutdown). */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUps++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many permits are taken now. */
    public int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One place under the limit, as a value with one owner at a time (Helidon's rule): the serve
     * loop takes it before accepting and passes it to the request's task; whoever holds it
     * releases it, and releasing again does nothing.
     */
    public static final class Permit {
        private final @Nullable ConnectionPermits from;
        private final AtomicBoolean held;

        /** A permit that counts nowhere: for a request started outside the serve loop's turn. */
        public static final Permit NONE = new Permit(null);

        private Permit(@Nullable ConnectionPermits from) {
            this.from = from;
            this.held = new AtomicBoolean(from != null);
        }

        /** Gives the place back; idempotent. */
        public void release() {
            if (held.compareAndSet(true, false) && from != null) {
                from.release();
            }
        }
    }
}
