package dev.socketserver.dispatch;

import dev.socketserver.internal.Durations;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Threaded and virtual modes: a new thread per request ({@code ThreadingMixIn}). The set of
 * requests in flight holds each entry only while its thread runs, so it is bounded by the
 * concurrency and never grows with the number served.
 */
public final class ThreadDispatcher implements Dispatcher {

    /** Time given to aborted requests to unwind after a force-close. */
    private static final Duration ABORT_UNWIND = Duration.ofSeconds(5);

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
        PendingRequest own = running.get();
        inFlight.stream().filter(request -> request != own).forEach(PendingRequest::closeWhenIdle);
        if (awaitEmpty(grace)) {
            return 0;
        }
        int cut = inFlight.size() - (own == null ? 0 : 1);
        Logger.warn("{} request(s) still running after the {} grace period; closing them", cut, Durations.human(grace));
        inFlight.stream().filter(request -> request != own).forEach(PendingRequest::abort);
        if (!awaitEmpty(ABORT_UNWIND)) {
            Logger.warn("{} request(s) did not end within {} of being closed", inFlight.size(), ABORT_UNWIND);
        }
        return cut;
    }

    /** Waits until nothing is in flight but the caller's own request; false when {@code limit} passed first. */
    private boolean awaitEmpty(@Nullable Duration limit) {
        int own = running.get() == null ? 0 : 1;
        return ConditionWait.await(lock, drained, () -> inFlight.size() <= own, limit);
    }
}
