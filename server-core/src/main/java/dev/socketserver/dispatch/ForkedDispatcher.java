package dev.socketserver.dispatch;

import dev.socketserver.ForkOptions;
import dev.socketserver.ForkedChildren;
import dev.socketserver.internal.Durations;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.Printable;
import dev.socketserver.observe.ChildObservation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Forked mode: a child JVM per request ({@code ForkingMixIn}). The server's socket for the request
 * becomes the child's standard input; the child ({@link dev.socketserver.child.ChildMain}) builds
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

    /** Time given to children after SIGTERM before they get SIGKILL. */
    private static final Duration TERM_GRACE = Duration.ofSeconds(5);

    private final int maxChildren;
    private final boolean waitOnClose;
    private final ForkedLauncher launcher;
    private final WarmPool pool;
    private final Set<ForkedChild> children = ConcurrentHashMap.newKeySet(); // busy: serving a request
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition childEnded = lock.newCondition(); // also: a slot freed, a waiting child ready
    private int slotsUsed; // guarded by lock: children running, busy or waiting, at most maxChildren

    /**
     * @param options how to start children and how many at most
     * @param waitOnClose whether {@link #awaitInFlight} waits ({@code blockOnClose})
     * @throws IllegalStateException when this JVM cannot hand a socket to a child (started without
     *     {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}): said once, here, not per request
     */
    public ForkedDispatcher(ForkOptions options, boolean waitOnClose) {
        FileDescriptors.requireJdkChannelAccess(ForkedDispatcher.class.getModule());
        this.maxChildren = options.maxChildren();
        this.waitOnClose = waitOnClose;
        this.launcher = new ForkedLauncher(options);
        this.pool = new WarmPool(options.warmChildren(), launcher, new PoolSlots());
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
        if (!(request instanceof ForkedRequest forked)) {
            throw new IllegalArgumentException("forked mode needs a request a child can take over, got "
                    + request.getClass().getName());
        }
        collectChildren();
        ChildObservation observed = ChildObservation.begin(); // the JFR event dev.socketserver.Child
        ForkedLaunch launch;
        try {
            launch = forked.launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe the request from " + request.clientAddress() + " to a child", e);
        }
        ForkedChild child = null;
        while (child == null) {
            PooledChild waiting = pool.take();
            if (waiting != null) {
                if (waiting.handOff(launch.socket(), launch.clientAddress(), launch.datagram())) {
                    child = new ForkedChild(waiting.process(), launch.clientAddress());
                    pool.refillAfter(WarmPool.REFILL_DELAY); // later: not while this request starts
                } // else it died meanwhile; its exit frees its slot
            } else if (takeSlotOrAwait()) {
                child = startFor(launch, request);
            }
        }
        observed.started(); // a child started for the request, or handed it
        ForkedChild busy = child;
        children.add(busy);
        busy.process().onExit().thenRun(() -> {
            observed.exited(busy.process(), busy.client());
            ended(busy);
            request.ended(); // frees its place under Limits.maxConnections
        });
        Logger.debug("child {} serves {}", busy.pid(), Printable.of(busy.client()));
        forked.closeParentCopy();
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
        return new ForkedChild(process, launch.clientAddress());
    }

    /**
     * Takes a slot for a child started for the request if one is free; else waits until a slot is
     * freed or a waiting child becomes ready.
     *
     * @return whether a slot was taken (false: look at the pool again)
     */
    private boolean takeSlotOrAwait() {
        lock.lock();
        try {
            if (tryTakeSlot()) {
                return true;
            }
            Logger.debug("{} children running, the limit; waiting for one to end or be ready", slotsUsed);
            while (slotsUsed >= maxChildren && !pool.hasReady()) {
                childEnded.awaitUninterruptibly();
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean tryTakeSlot() {
        lock.lock();
        try {
            if (slotsUsed < maxChildren) {
                slotsUsed++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A child exited: its slot is free, and the pool may start a replacement. */
    private void releaseSlot() {
        freeSlot();
        pool.refillAfter(WarmPool.REFILL_DELAY);
    }

    private void freeSlot() {
        lock.lock();
        try {
            slotsUsed--;
            childEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The dispatcher's slots as the pool takes them. */
    private final class PoolSlots implements WarmPool.Slots {
        @Override
        public boolean tryTake() {
            return tryTakeSlot();
        }

        @Override
        public void release() {
            freeSlot();
        }

        @Override
        public void changed() {
            lock.lock();
            try {
                childEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Starts the waiting children ({@code ForkOptions.warmChildren}) from the server's description, once. */
    @Override
    public void serving(Supplier<ChildTemplate> server) {
        pool.start(server.get());
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
        children.forEach(child -> StopSignal.send(child.pid()));
        if (awaitFewerThan(1, grace)) {
            return 0;
        }
        int cut = children.size();
        Logger.warn("{} child(ren) still running after the {} grace period; terminating them", cut, Durations.human(grace));
        children.forEach(child -> child.process().destroy());
        if (!awaitFewerThan(1, TERM_GRACE)) {
            children.forEach(child -> child.process().destroyForcibly());
            awaitFewerThan(1, TERM_GRACE);
        }
        return cut;
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

    /** Waits until fewer than {@code limit} children run; false when {@code timeout} passed first. */
    private boolean awaitFewerThan(int limit, @Nullable Duration timeout) {
        return ConditionWait.await(lock, childEnded, () -> children.size() < limit, timeout);
    }
}
