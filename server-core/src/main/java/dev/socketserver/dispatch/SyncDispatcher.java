package dev.socketserver.dispatch;

import dev.socketserver.Printable;
import dev.socketserver.internal.Durations;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Sync mode: the request runs inline in the thread that serves. The one request running is kept,
 * so that a graceful stop from another thread (a signal's shutdown hook) waits for it for the
 * grace period and then closes it, as in the threaded modes; without that, the stop would wait
 * for the serve loop, which waits for a client that may never leave.
 */
public final class SyncDispatcher implements Dispatcher {

    /** Time given to an aborted request to unwind after a force-close. */
    private static final Duration ABORT_UNWIND = Duration.ofSeconds(5);

    /** The request running now and its thread. */
    private record Running(PendingRequest request, Thread thread) {
    }

    private volatile @Nullable Running running;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();

    @Override
    public void dispatch(PendingRequest request) {
        running = new Running(request, Thread.currentThread());
        try {
            request.run();
        } finally {
            lock.lock();
            try {
                running = null;
                ended.signalAll();
            } finally {
                lock.unlock();
            }
            request.ended();
        }
    }

    @Override
    public int activeCount() {
        return running == null ? 0 : 1;
    }

    @Override
    public int awaitInFlight(@Nullable Duration grace) {
        Running now = running;
        if (now == null || now.thread() == Thread.currentThread()) {
            return 0; // nothing running, or the request itself closes the server: it cannot wait for itself
        }
        now.request().closeWhenIdle();
        if (awaitEnd(now, grace)) {
            return 0;
        }
        Logger.warn("1 request(s) still running after the {} grace period; closing it", Durations.human(grace));
        now.request().abort();
        if (!awaitEnd(now, ABORT_UNWIND)) {
            Logger.warn("the request from {} did not end within {} of being closed",
                    Printable.of(now.request().clientAddress()), ABORT_UNWIND);
        }
        return 1;
    }

    /** Waits until {@code request} is no longer running; false when {@code limit} passed first. */
    private boolean awaitEnd(Running request, @Nullable Duration limit) {
        return ConditionWait.await(lock, ended, () -> running != request, limit);
    }
}
