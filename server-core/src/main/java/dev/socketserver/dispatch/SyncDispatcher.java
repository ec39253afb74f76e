package dev.socketserver.dispatch;

import dev.socketserver.internal.Durations;
import dev.socketserver.internal.ConditionWait;
import dev.socketserver.internal.PrintableText;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;

/**
 * Sync mode: the request runs inline in the thread that serves. The one request running is kept,
 * so that a graceful stop from another thread (a signal's shutdown hook) waits for it for the
 * grace period and then closes it, as in the threaded modes; without that, the stop would wait
 * for the serve loop, which waits for a client that may never leave.
 */
public final class SyncDispatcher implements Dispatcher {

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
        return GracefulStop.run(new GracefulStop.InFlight() {
            @Override
            public int count() {
                return running == now ? 1 : 0;
            }

            @Override
            public void closeIdle() {
                now.request().closeWhenIdle();
            }

            @Override
            public boolean awaitNone(@Nullable Duration limit) {
                return ConditionWait.await(lock, ended, () -> running != now, limit);
            }

            @Override
            public void abort() {
                now.request().abort();
            }
        }, grace, "request(s)", "closing them");
    }
}
