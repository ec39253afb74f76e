package dev.socketserver;

import dev.socketserver.internal.Backoff;
import dev.socketserver.internal.BatchScheduling;
import dev.socketserver.internal.ConditionWait;
import dev.socketserver.internal.ConnectionPermits;
import dev.socketserver.internal.ConnectionPermits.Permit;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The serve loop of one server and its shutdown handshake: the selector the loop sleeps on (which
 * {@code shutdown} wakes), the flag that stops it, the wait for it to stop, the connection permit
 * of each turn (with the server's observer told when it waits for one), and the back-off after a
 * failed accept.
 */
final class ServeLoop {

    /** One turn of the loop: handles a ready request after taking a permit, waiting at most {@code permitWaitMillis}. */
    interface Turn {
        /** @return false when no permit came in time (nothing was accepted) */
        boolean handle(long permitWaitMillis);
    }

    /** A request source that may fail. */
    interface Source<T> {
        @Nullable T get() throws IOException;
    }

    private final BaseServer<?> server;
    private final ConnectionPermits permits;
    private final int maxConnections;
    private final Backoff acceptBackoff = new Backoff();
    private final AtomicBoolean serving = new AtomicBoolean();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private volatile boolean shutdownRequested;
    private boolean isShutDown = true; // guarded by stateLock
    private volatile @Nullable Thread serveThread;
    private volatile @Nullable Selector selector; // opened by the thread that serves
    private @Nullable Permit turnPermit; // serve thread only: this turn's permit until a request task claims it

    ServeLoop(BaseServer<?> server, int maxConnections) {
        this.server = server;
        this.permits = new ConnectionPermits(maxConnections);
        this.maxConnections = maxConnections;
    }

    /** {@code serveForever}: turns until shutdown; {@code idle} runs once per loop ({@code serviceActions}). */
    void serveForever(Duration pollInterval, Turn turn, Runnable idle) throws IOException {
        long pollMillis = Math.max(1, pollInterval.toMillis());
        begin();
        boolean batch = false;
        try { // inside: end() runs even if the scheduling call fails, or the loop would stay marked serving
            batch = server.options().batchScheduling() && BatchScheduling.enter();
            Selector sel = selector();
            while (!shutdownRequested) {
                int ready = select(sel, pollMillis);
                if (shutdownRequested) {
                    break;
                }
                if (ready > 0) {
                    turn.handle(pollMillis);
                }
                idle.run();
            }
        } catch (ClosedSelectorException e) {
            if (!server.isClosed()) {
                throw e;
            }
        } finally {
            if (batch) {
                BatchScheduling.leave();
            }
            end();
        }
    }

    /** {@code handleRequest}: one request, or {@code onTimeout} after {@code timeout} (null: none). */
    void handleOne(@Nullable Duration timeout, Turn turn, Runnable onTimeout) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        begin();
        try {
            Selector sel = selector();
            while (true) {
                long waitMillis = 0;
                if (timeout != null) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        onTimeout.run();
                        return;
                    }
                    waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
                }
                if (select(sel, waitMillis) > 0
                        && turn.handle(waitMillis == 0 ? BaseServer.DEFAULT_POLL_INTERVAL.toMillis() : waitMillis)) {
                    return;
                }
                if (shutdownRequested && timeout == null) {
                    return; // closed or shut down from another thread while waiting forever
                }
            }
        } finally {
            end();
        }
    }

    /** Takes this turn's connection permit, waiting at most {@code waitMillis}; false when none came. */
    boolean beginTurn(long waitMillis) {
        Permit permit = permits.tryAcquire(0);
        if (permit == null) {
            server.observer().limitReached(maxConnections); // a client waits in the backlog meanwhile
            permit = permits.tryAcquire(waitMillis);
        }
        if (permit != null) {
            server.observer().limitWaitEnded(true);
        }
        turnPermit = permit;
        return permit != null;
    }

    /**
     * Hands this turn's permit to the request task being built; from any other thread, or a
     * second time, a permit that counts nowhere.
     */
    Permit claimPermit() {
        if (Thread.currentThread() != serveThread || turnPermit == null) {
            return Permit.NONE;
        }
        Permit permit = turnPermit;
        turnPermit = null;
        return permit;
    }

    /** Ends the turn: releases the permit if no request task claimed it (refused, failed, or served inline by an override). */
    void endTurn() {
        Permit unclaimed = turnPermit;
        turnPermit = null;
        if (unclaimed != null) {
            unclaimed.release();
        }
    }

    /** Takes a request from {@code source}; after a failure, logs it, backs off (shutdown cuts it short) and gives null. */
    <T> @Nullable T accept(Source<T> source) {
        try {
            T taken = source.get();
            acceptBackoff.onSuccess();
            return taken;
        } catch (IOException e) {
            Duration delay = acceptBackoff.onFailure();
            Logger.warn(e, "{}: taking a request failed; retrying in {} ms", server, delay.toMillis());
            awaitShutdownRequest(delay);
            return null;
        }
    }

    /** Stops the loop; unless called from the loop's own thread, waits until it has stopped. */
    void shutdown() {
        shutdownRequested = true;
        wakeUp();
        if (Thread.currentThread() != serveThread) {
            ConditionWait.await(stateLock, stateChanged, () -> isShutDown, null);
        }
    }

    /** Asks the loop to stop without waiting ({@code serverClose}); closes the selector unless the loop still uses it. */
    void stopForClose() {
        shutdownRequested = true;
        wakeUp();
    }

    /** Closes the selector now unless a loop is running (which closes it as it ends). */
    void closeIfIdle() {
        if (!serving.get()) {
            closeSelector();
        }
    }

    private void begin() {
        if (server.isClosed()) {
            throw new IllegalStateException(server + " is closed");
        }
        if (!serving.compareAndSet(false, true)) {
            throw new IllegalStateException(server + " is already serving in another thread");
        }
        serveThread = Thread.currentThread();
        server.dispatcher().serving();
        signal(() -> isShutDown = false);
    }

    private void end() {
        server.observer().limitWaitEnded(false); // a wait still on ends with the loop
        serveThread = null;
        serving.set(false);
        if (server.isClosed()) {
            closeSelector();
        }
        signal(() -> {
            shutdownRequested = false;
            isShutDown = true;
        });
    }

    private Selector selector() throws IOException {
        Selector sel = selector;
        if (sel == null) {
            SelectableChannel channel = (SelectableChannel) server.socket();
            sel = channel.provider().openSelector();
            channel.configureBlocking(false);
            channel.register(sel, channel.validOps() & (SelectionKey.OP_ACCEPT | SelectionKey.OP_READ));
            selector = sel;
        }
        return sel;
    }

    private static int select(Selector sel, long timeoutMillis) throws IOException {
        int ready = timeoutMillis == 0 ? sel.select() : sel.select(timeoutMillis);
        sel.selectedKeys().clear();
        return ready;
    }

    private void wakeUp() {
        Selector sel = selector;
        if (sel != null) {
            sel.wakeup();
        }
        permits.wakeUp();
        signal(() -> { });
    }

    /** Changes the loop's state under its lock and tells every waiter. */
    private void signal(Runnable change) {
        stateLock.lock();
        try {
            change.run();
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Waits for {@code delay} or until shutdown is requested, whichever is first. */
    private void awaitShutdownRequest(Duration delay) {
        ConditionWait.await(stateLock, stateChanged, () -> shutdownRequested, delay);
    }

    private void closeSelector() {
        Selector sel = selector;
        if (sel != null) {
            selector = null;
            Quietly.close(sel, "selector");
        }
    }
}
