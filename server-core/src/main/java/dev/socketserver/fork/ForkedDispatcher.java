package dev.socketserver.fork;

import dev.socketserver.BaseServer;
import dev.socketserver.ForkOptions;
import dev.socketserver.ForkedChildren;
import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.GracefulStop;
import dev.socketserver.dispatch.PendingRequest;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.Printable;
import dev.socketserver.internal.ChildObservation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 *
 * <p>With {@link ForkOptions#warmChildren()} above 0, children are also started ahead
 * ({@link WarmPool}) and a request goes to a ready one over its private channel
 * ({@link PooledChild}); waiting and busy children share the {@code maxChildren} slots.
 */
public final class ForkedDispatcher implements Dispatcher, ForkedChildren {

    private final BaseServer<?> server;
    private final Supplier<@Nullable ChildTransport> childTransport;
    private final boolean waitOnClose;
    private final ForkedLauncher launcher;
    private final WarmPool pool;
    private final Set<ForkedChild> children = ConcurrentHashMap.newKeySet(); // busy: serving a request
    private final ChildSlots slots;

    /**
     * The dispatcher of {@code server}, whose handler class, address, configuration and limits each
     * child is given; {@code ForkedMode} in the core calls it by name.
     *
     * @param childTransport what the server's transport gives every child; null when it cannot hand
     *     requests to one (its requests then fail at their hand-off, and no child waits)
     * @throws IllegalStateException when this JVM cannot hand a socket to a child (started without
     *     {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}): said once, here, not per request
     */
    public static ForkedDispatcher of(BaseServer<?> server, Supplier<@Nullable ChildTransport> childTransport) {
        return new ForkedDispatcher(server, childTransport, server.options().fork(), server.options().blockOnClose());
    }

    private ForkedDispatcher(BaseServer<?> server, Supplier<@Nullable ChildTransport> childTransport,
                             ForkOptions options, boolean waitOnClose) {
        FileDescriptors.requireJdkChannelAccess(ForkedDispatcher.class.getModule());
        this.server = server;
        this.childTransport = childTransport;
        this.slots = new ChildSlots(options.maxChildren());
        this.waitOnClose = waitOnClose;
        this.launcher = new ForkedLauncher(options);
        this.pool = new WarmPool(options.warmChildren(), options.requestsPerChild(), launcher, slots);
    }

    /**
     * Starts a child for the request, after waiting for a free slot, then closes the server's
     * copy of the request.
     *
     * @throws IllegalArgumentException when the request cannot be handed to a child
     * @throws UncheckedIOException when the child cannot be started (the server then reports
     *     the error and shuts the request down)
     */
    @Override
    public void dispatch(PendingRequest request) {
        collectChildren();
        ChildObservation observed = ChildObservation.begin(); // the JFR event dev.socketserver.Child
        ChildHandOff handOff;
        try {
            handOff = request.handOff();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe the request from " + request.clientAddress() + " to a child", e);
        }
        SocketAddress client = request.clientAddress();
        ForkedChild child = null;
        while (child == null) {
            PooledChild waiting = pool.take();
            if (waiting != null) {
                var ended = pool.handOff(waiting, handOff.socket(), client, handOff.datagram());
                if (ended != null) {
                    child = new ForkedChild(waiting.process(), client, ended);
                } // else it died meanwhile; its exit frees its slot
            } else if (slots.takeOrAwait(pool::hasReady)) {
                // The command line only for a child started for the request: a waiting child has it already.
                child = startFor(ForkedLaunch.of(handOff, client, server), request);
                pool.startedForRequest();
            }
        }
        observed.started(); // a child started for the request, or handed it
        request.handedToChild(); // counted by the server's MBean and Request event from here
        ForkedChild busy = child;
        children.add(busy);
        busy.ended().thenAccept(status -> {
            observed.ended(busy.pid(), busy.client(), status);
            request.servedInChild(status != ChildMain.OK);
            ended(busy);
            request.ended(); // frees its place under Limits.maxConnections
        });
        Logger.debug("child {} serves {}", busy.pid(), Printable.of(busy.client()));
        request.closeParentCopy();
    }

    /** Starts a child for the request, in a slot already taken (given back when it exits, or here if it cannot start). */
    private ForkedChild startFor(ForkedLaunch launch, PendingRequest request) {
        Process process;
        try {
            process = launcher.start(launch);
        } catch (IOException | RuntimeException e) {
            releaseSlot();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start a child for " + request.clientAddress(), io);
            }
            throw (RuntimeException) e;
        }
        process.onExit().thenRun(this::releaseSlot);
        return new ForkedChild(process, launch.clientAddress(), process.onExit().thenApply(Process::exitValue));
    }

    /** A child exited: its slot is free, and the pool may start a replacement now that its request is over. */
    private void releaseSlot() {
        slots.release();
        pool.refillWithin(Duration.ZERO);
    }

    /** Starts the waiting children ({@code ForkOptions.warmChildren}) from the server's description, once. */
    @Override
    public void serving() {
        ChildTransport transport = childTransport.get();
        if (transport != null) {
            pool.start(ChildTemplate.of(transport, server.serverAddress(), server.handlerClass(),
                    CarriedLimits.carriedIn(server.limits(), server.handlerConfig())));
        }
    }

    /** The server socket is closed: the waiting children are ended at once; busy ones keep running. */
    @Override
    public void serverClosed() {
        pool.close();
    }

    /** The process ids of the children started ahead and ready for a request. */
    public Set<Long> readyChildren() {
        return pool.readyPids();
    }

    /** The process ids of the children started ahead, ready or still starting. */
    @Override
    public Set<Long> waitingChildren() {
        return pool.waitingPids();
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
            if (child.ended().isDone()) {
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
        int status = child.ended().join();
        if (status != ChildMain.OK) {
            Logger.warn("child {} serving {} exited with status {}", child.pid(), Printable.of(child.client()), status);
        }
        slots.changed();
    }

    /** Waits until fewer than {@code limit} children run; false when {@code timeout} passed first. */
    private boolean awaitFewerThan(int limit, @Nullable Duration timeout) {
        return slots.await(() -> children.size() < limit, timeout);
    }
}
