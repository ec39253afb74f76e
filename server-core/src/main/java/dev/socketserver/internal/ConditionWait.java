package dev.socketserver.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jetbrains.annotations.Nullable;

/** The one bounded wait of the server and its dispatchers: until a state they signal on is reached, or a time limit. */
public final class ConditionWait {

    private ConditionWait() {
    }

    /**
     * Waits on {@code changed} (signalled under {@code lock}) until {@code reached} holds.
     *
     * @param limit how long at most; null waits as long as it takes
     * @return whether {@code reached} holds; false when {@code limit} passed first or the thread
     *     was interrupted before (its interrupt status is then set again)
     */
    public static boolean await(ReentrantLock lock, Condition changed, BooleanSupplier reached, @Nullable Duration limit) {
        long remaining = limit == null ? Long.MAX_VALUE : limit.toNanos();
        lock.lock();
        try {
            while (!reached.getAsBoolean()) {
                if (limit == null) {
                    changed.awaitUninterruptibly();
                } else if (remaining <= 0) {
                    return false;
                } else {
                    remaining = changed.awaitNanos(remaining);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reached.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }
}
