package dev.socketserver.dispatch;

import dev.socketserver.internal.ConditionWait;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;

/**
 * Threaded and virtual modes: a new thread per request ({@code ThreadingMixIn}). The set of
 * requests in flight holds each entry only while its thread runs, so it is bounded by the
 * concurrency and never grows with the number served.
 */
public final class ThreadDispatcher implements Dispatcher {

    private final Thread.Builder threads;
    private final boolean waitOnClose;
    private final Set<PendingRequest> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** The request the current thread runs: serverClose() from a handler must not wait for itself. */
    private final ThreadLocal<@Nullable PendingRequest> running = new ThreadLocal<>();

    /**
     * @param threads builds each request's thread (named, with an uncaught-exception handler)
     * @param waitOnClose whether {@link #awaitInFlight} waits (false for daemon threads, as CPython)
     */
    public ThreadDispatcher(Thread.Builder threads, boolean waitOnClose) {
        this.threads = threads;
        this.waitOnClose = waitOnClose;
    }

    @Override
    public void dispatch(PendingRequest request) {
        inFlight.add(request);
        try {
            threads.start(() -> {
                running.set(request);
                try {
                    request.run();
                } finally {
                    running.remove();
                    done(request);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            done(request);
            throw e;
        }
    }

    private void done(PendingRequest request) {
        inFlight.remove(request);
        request.ended();
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int activeCount() {
        return inFlight.size();
    }

    @Override
    public int awaitInFlight(@Nullable Duration grace) {
        if (!waitOnClose) {
            return 0;
        }
        PendingRequest own = running.get(); // serverClose() from a handler: not waited for, nor closed
        return GracefulStop.run(new GracefulStop.InFlight() {
            @Override
            public int count() {
                return inFlight.size() - (own == null ? 0 : 1);
            }

            @Override
            public void closeIdle() {
                inFlight.stream().filter(request -> request != own).forEach(PendingRequest::closeWhenIdle);
            }

            @Override
            public boolean awaitNone(@Nullable Duration limit) {
                return ConditionWait.await(lock, drained, () -> count() <= 0, limit);
            }

            @Override
            public void abort() {
                inFlight.stream().filter(request -> request != own).forEach(PendingRequest::abort);
            }
        }, grace, "request(s)", "closing them");
    }
}
