package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Forked mode's waiting children ({@code ForkOptions.warmChildren}): child JVMs started ahead of
 * their requests, as Apache prefork's spare servers and Drip's "fresh JVM spun up in reserve".
 * Each takes {@code requestsPerChild} requests (one by default), then exits. Its replacement is
 * started in the background once it has exited, so that a JVM start does not compete for the
 * cores with the request just handed over (docs/forked.md measures it); but at once when the pool
 * has no other child ready, so that the next request does not find it empty for longer than a
 * JVM start; refill rounds start at least {@link #REFILL_DELAY} apart ({@link PoolRefill}). While
 * most requests find no child ready, the pool of one-request children starts none ({@link PoolPace}):
 * above its reach it would only slow the JVM starts those requests wait on; it fills again once
 * they are further apart. A child with requests left is counted as one of the pool while it
 * serves, and waits again once it says it is ready.
 *
 * <p>Every child, waiting or busy, holds one of the dispatcher's {@link Slots} (its
 * {@code maxChildren}) from its start to its exit. A child that dies while waiting is forgotten
 * and replaced; after {@value #MAX_EARLY_DEATHS} children in a row die before they are ready the
 * pool stops starting them (the log says why), and requests are served by children started for
 * them, as without a pool.
 */
final class WarmPool {

    /** How the pool takes and gives back the dispatcher's places for children. */
    interface Slots {
        /** Takes a place if one is free. */
        boolean tryTake();

        /** Gives back a place: a child ended. */
        void release();

        /** Something the dispatcher may wait for happened: a child became ready. */
        void changed();
    }

    /**
     * How long the pool waits before it replaces a waiting child that died, or tries again while its
     * AOT cache is made; and the least time between two refill rounds ({@link PoolRefill}).
     */
    static final Duration REFILL_DELAY = Duration.ofMillis(300);
    static final int MAX_EARLY_DEATHS = 3;

    private final int target;
    private final int requestsPerChild;
    private final ForkedLauncher launcher;
    private final Slots slots;
    private final Set<PooledChild> waiting = ConcurrentHashMap.newKeySet();
    private final Set<PooledChild> returning = ConcurrentHashMap.newKeySet(); // busy, with requests left
    private final PoolRefill refill = new PoolRefill(this::fill, REFILL_DELAY, REFILL_DELAY);
    private final AtomicInteger earlyDeaths = new AtomicInteger();
    private final PoolPace pace;
    private final Map<PooledChild, Long> startedAt = new ConcurrentHashMap<>(); // System.nanoTime(), until ready
    private volatile @Nullable ChildTemplate template;
    private volatile boolean closed;

    WarmPool(int target, int requestsPerChild, ForkedLauncher launcher, Slots slots) {
        this.target = target;
        this.pace = new PoolPace(requestsPerChild, System::nanoTime);
        this.requestsPerChild = requestsPerChild;
        this.launcher = launcher;
        this.slots = slots;
    }

    /** Starts filling the pool with children of {@code server}'s kind; once (later calls are ignored). */
    void start(ChildTemplate server) {
        if (target == 0 || template != null || closed) {
            return;
        }
        template = server;
        refillWithin(Duration.ZERO);
    }

    /**
     * A ready child, no longer counted as waiting; null when none is ready (the request then waits for
     * a JVM start: it outran the pool, and when most requests do the pool starts no child for a while,
     * {@link PoolPace}).
     */
    @Nullable PooledChild take() {
        for (PooledChild child : waiting) {
            if (child.isReady() && waiting.remove(child)) {
                pace.served();
                return child;
            }
        }
        if (template != null) {
            pace.outrun();
        }
        return null;
    }

    /**
     * Hands a request to {@code child}, {@link #take() taken}: see {@link PooledChild#handOff}. A child
     * with requests left after this one is still one of the pool, and waits again after it (it is
     * counted before the request crosses: it may be ready again at once). One handed its last is
     * replaced once it has exited, or at once when no other child is ready.
     */
    @Nullable CompletableFuture<Integer> handOff(PooledChild child, FileDescriptor socket, SocketAddress client,
                                                 byte @Nullable [] datagram) {
        boolean comesBack = !child.lastRequestNext();
        if (comesBack) {
            returning.add(child);
        }
        CompletableFuture<Integer> ended = child.handOff(socket, client, datagram);
        if (ended == null) {
            returning.remove(child); // it died; its exit frees its slot and refills
        } else if (!comesBack && !hasReady()) {
            refillWithin(Duration.ZERO); // otherwise when it exits (childEnded)
        }
        return ended;
    }

    /**
     * A child was started for a request, none being ready: the pool stays paused from here, while that
     * child's JVM starts ({@link PoolPace}; its launch may have taken a while since {@link #take()}).
     */
    void startedForRequest() {
        if (template != null) {
            pace.stillOutrun();
        }
    }

    /** Whether a child is ready for a request. */
    boolean hasReady() {
        return waiting.stream().anyMatch(PooledChild::isReady);
    }

    /** The process ids of the children ready for a request. */
    Set<Long> readyPids() {
        return waiting.stream().filter(PooledChild::isReady).map(PooledChild::pid).collect(Collectors.toUnmodifiableSet());
    }

    /** The process ids of the waiting children, ready or still starting. */
    Set<Long> waitingPids() {
        return waiting.stream().map(PooledChild::pid).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Tops the pool up in the background within {@code delay}, if it is short ({@link PoolRefill}); not
     * before the pool's pause ends, if requests outrun it ({@link PoolPace}).
     */
    void refillWithin(Duration delay) {
        if (closed || template == null || earlyDeaths.get() >= MAX_EARLY_DEATHS || members() >= target) {
            return;
        }
        Duration paused = pace.pausedFor();
        refill.within(paused.compareTo(delay) > 0 ? paused : delay);
    }

    /**
     * Starts children until the pool is full (or no slot is free). While the children's AOT cache
     * is still to be made, one waiting child makes it: it is the training run, and the request it
     * is handed trains the cache on the pooled path itself (the hand-off, the warm-up, the
     * request). The pool fills once that cache is ready, so its children start from it, at a
     * fraction of the CPU.
     *
     * @return false when the cache is being made: to be tried again shortly
     */
    private boolean fill() {
        ForkedAotCache cache = launcher.aotCache();
        if (cache.training()) {
            return false;
        }
        boolean trainingNext = !cache.settled(); // the next child to start claims the training run
        ChildTemplate kind = template;
        while (kind != null && !closed && members() < target && earlyDeaths.get() < MAX_EARLY_DEATHS) {
            Duration paused = pace.pausedFor();
            if (paused.isPositive()) {
                refillWithin(paused); // requests outrun the pool: its children would only slow their JVM starts
                return true;
            }
            if (!slots.tryTake()) {
                return true;
            }
            PooledChild child;
            try {
                child = PooledChild.start(launcher, kind, requestsPerChild, this::childReady);
            } catch (IOException | RuntimeException e) {
                slots.release();
                Logger.warn(e, "cannot start a waiting child; requests get children started for them");
                return true;
            }
            if (!trainingNext) { // the training child starts without the cache: not how long the pool's children take
                startedAt.put(child, System.nanoTime());
            }
            waiting.add(child);
            child.process().onExit().thenRun(() -> childEnded(child));
            Logger.debug("waiting child {} started", child.pid());
            if (closed && waiting.remove(child)) {
                child.close(); // close() ran while it started
            }
            if (trainingNext) {
                return false; // the others once its cache is made
            }
        }
        return true;
    }

    /** The children of the pool: waiting, or serving a request with more to come. */
    private int members() {
        return waiting.size() + returning.size();
    }

    private void childReady(PooledChild child) {
        earlyDeaths.set(0);
        Long started = startedAt.remove(child);
        if (started != null) {
            pace.childReadyAfter(Duration.ofNanos(System.nanoTime() - started));
        }
        if (returning.remove(child)) {
            waiting.add(child);
            if (closed && waiting.remove(child)) {
                child.close(); // close() ran while it finished its request
            }
        }
        slots.changed();
    }

    private void childEnded(PooledChild child) {
        startedAt.remove(child);
        returning.remove(child); // a request it was serving failed: the dispatcher logs it with the client
        boolean diedWaiting = waiting.remove(child);
        if (diedWaiting && !closed) {
            if (!child.wasReady() && earlyDeaths.incrementAndGet() == MAX_EARLY_DEATHS) {
                Logger.error("{} waiting children in a row exited (status {}) before they were ready; no more are started,"
                        + " requests get children started for them", MAX_EARLY_DEATHS, child.process().exitValue());
            } else {
                Logger.warn("waiting child {} exited with status {}; replacing it", child.pid(), child.process().exitValue());
            }
        }
        slots.release();
        refillWithin(diedWaiting ? REFILL_DELAY : Duration.ZERO); // a request's child is gone: its cores are free
    }

    /** Closes the waiting children at once (a graceful stop); none is started any more. */
    void close() {
        closed = true;
        for (PooledChild child : waiting) {
            if (waiting.remove(child)) {
                child.close();
            }
        }
    }
}
