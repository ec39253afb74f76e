package dev.socketserver.fork;

import dev.socketserver.BaseServer;
import dev.socketserver.ForkOptions;
import dev.socketserver.ForkedChildren;
import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.GracefulStop;
import dev.socketserver.dispatch.PendingRequest;
import dev.socketserver.internal.ConditionWait;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.internal.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Forked mode: a child JVM per request ({@code ForkingMixIn}). The server's socket for the request
 * becomes the child's standard input (as the transport's {@code handOff} says); the child ({@link ChildMain}) builds
 * the handler and serves; the server closes its own copy of the socket and goes back to its loop.
 *
 * <p>CPython's bookkeeping: at most {@link ForkOptions#maxChildren()} children run at once
 * ({@link #dispatch} waits for one to end at the limit); {@link #activeChildren()};
 * {@link #collectChildren()}, run from {@code serviceActions} and {@code handleTimeout}; and
 * {@link #awaitInFlight} for {@code blockOnClose}. The JDK reaps every child as it exits (its
 * process-reaper thread waits for each one), so none is left a zombie, and processes the
 * application started itself are never touched. A child that exits with a status other than 0
 * is logged with its client's address.
 */
public final class ForkedDispatcher implements Dispatcher, ForkedChildren {

    private final BaseServer<?> server;
    private final int maxChildren;
    private final boolean waitOnClose;
    private final ForkedLauncher launcher;
    private final Set<ForkedChild> children = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition childEnded = lock.newCondition();

    /**
     * The dispatcher of {@code server}, whose handler class, address, configuration and limits each
     * child is given; {@code ForkedMode} in the core calls it by name.
     *
     * @throws IllegalStateException when this JVM cannot hand a socket to a child (started without
     *     {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}): said once, here, not per request
     */
    public static ForkedDispatcher of(BaseServer<?> server) {
        return new ForkedDispatcher(server, server.options().fork(), server.options().blockOnClose());
    }

    private ForkedDispatcher(BaseServer<?> server, ForkOptions options, boolean waitOnClose) {
        FileDescriptors.requireJdkChannelAccess(ForkedDispatcher.class.getModule());
        this.server = server;
        this.maxChildren = options.maxChildren();
        this.waitOnClose = waitOnClose;
        this.launcher = new ForkedLauncher(options);
    }

    /**
     * Starts a child for the request, after waiting for a free slot, then closes the server's
     * copy of the request.
     *
     * @throws UnsupportedOperationException when the transport cannot hand its requests to a child
     * @throws UncheckedIOException when the child cannot be started (the server then reports
     *     the error and shuts the request down)
     */
    @Override
    public void dispatch(PendingRequest request) {
        collectChildren();
        awaitFewerThan(maxChildren);
        ForkedChild child;
        try {
            ChildHandOff handOff = request.handOff();
            SocketAddress client = request.clientAddress();
            ChildArguments arguments = new ChildArguments(handOff.transport(), server.handlerClass().getName(),
                    server.serverAddress(), handOff.datagramClient(), ProcessHandle.current().pid(),
                    CarriedLimits.carriedIn(server.limits(), server.handlerConfig()));
            child = new ForkedChild(launcher.start(handOff, arguments, client), client);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child for " + request.clientAddress(), e);
        }
        children.add(child);
        child.process().onExit().thenRun(() -> {
            ended(child);
            request.ended(); // frees its place under Limits.maxConnections
        });
        Logger.debug("child {} serves {}", child.pid(), Printable.of(child.client()));
        request.closeParentCopy();
    }

    /** How many children are running: {@code activeCount()}. */
    @Override
    public int activeCount() {
        return children.size();
    }

    /** CPython's {@code active_children}: the process ids of the children still running. */
    @Override
    public Set<Long> activeChildren() {
        return children.stream().map(ForkedChild::pid).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * CPython's {@code collect_children()}: forgets the children that have ended (logging a
     * non-zero exit), without waiting.
     *
     * @return how many children are still running
     */
    @Override
    public int collectChildren() {
        for (ForkedChild child : children) {
            if (!child.process().isAlive()) {
                ended(child);
            }
        }
        return children.size();
    }

    /**
     * Where the children's AOT cache is (or will be, made by the first child); null when there can
     * be none: no cache directory, or a class path with directories.
     */
    public @Nullable Path aotCacheFile() {
        return launcher.aotCache().file();
    }

    @Override
    public void serviceActions() {
        collectChildren();
    }

    /**
     * Waits for every child ({@code blockOnClose}); each is told first that the server stops
     * ({@link StopSignal}: one idle between requests closes its connection and ends at once);
     * after {@code grace} the rest get SIGTERM, and SIGKILL if they are still there 5 s later.
     */
    @Override
    public int awaitInFlight(@Nullable Duration grace) {
        if (!waitOnClose) {
            return 0;
        }
        return GracefulStop.run(new GracefulStop.InFlight() {
            @Override
            public int count() {
                return children.size();
            }

            @Override
            public void closeIdle() {
                children.forEach(child -> StopSignal.send(child.pid())); // StopWhenIdle in the child
            }

            @Override
            public boolean awaitNone(@Nullable Duration limit) {
                return awaitFewerThan(1, limit);
            }

            @Override
            public void abort() {
                children.forEach(child -> child.process().destroy());
            }

            @Override
            public boolean kill() {
                children.forEach(child -> child.process().destroyForcibly());
                return true;
            }
        }, grace, "child(ren)", "terminating them");
    }

    private void ended(ForkedChild child) {
        if (!children.remove(child)) {
            return; // collected already
        }
        int status = child.process().exitValue();
        if (status != 0) {
            Logger.warn("child {} serving {} exited with status {}", child.pid(), Printable.of(child.client()), status);
        }
        lock.lock();
        try {
            childEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitFewerThan(int limit) {
        if (children.size() >= limit) {
            Logger.debug("{} children running, the limit; waiting for one to end", children.size());
            awaitFewerThan(limit, null);
        }
    }

    /** Waits until fewer than {@code limit} children run; false when {@code timeout} passed first. */
    private boolean awaitFewerThan(int limit, @Nullable Duration timeout) {
        return ConditionWait.await(lock, childEnded, () -> children.size() < limit, timeout);
    }
}
