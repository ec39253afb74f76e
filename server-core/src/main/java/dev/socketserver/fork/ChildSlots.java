package dev.socketserver.fork;

import dev.socketserver.internal.ConditionWait;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The forked dispatcher's {@code maxChildren} slots, shared by busy and waiting children, and the
 * one condition its waits are on: a slot freed, a child ended, a waiting child ready.
 */
final class ChildSlots implements WarmPool.Slots {

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int used; // guarded by lock: children running, busy or waiting

    ChildSlots(int max) {
        this.max = max;
    }

    @Override
    public boolean tryTake() {
        lock.lock();
        try {
            if (used < max) {
                used++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release() {
        lock.lock();
        try {
            used--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void changed() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot if one is free; else waits until one is freed or {@code ready} holds (a waiting
     * child became ready).
     *
     * @return whether a slot was taken (false: look at the pool again)
     */
    boolean takeOrAwait(BooleanSupplier ready) {
        if (tryTake()) {
            return true;
        }
        Logger.debug("{} children running, the limit; waiting for one to end or be ready", max);
        ConditionWait.await(lock, changed, () -> used < max || ready.getAsBoolean(), null);
        return false;
    }

    /** Waits until {@code reached} holds (checked at each change); false when {@code limit} passed first. */
    boolean await(BooleanSupplier reached, @Nullable Duration limit) {
        return ConditionWait.await(lock, changed, reached, limit);
    }
}
