package dev.socketserver.fork;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the warm pool may start children now: not while requests outrun it. A request that finds
 * no child ready (it gets a child started for it, or waits for a free slot) says the pool is past
 * its reach; a waiting child started then would only compete for the cores with the JVM starts the
 * requests are waiting on, and be ready too late for them (docs/forked.md measures it: at 16
 * requests/s a pool of 2 made forked mode slower than no pool). So the pool starts no child until
 * a quiet period has passed since the last such request: as long as a waiting child takes from
 * its start to ready (a moving average of the pool's own children, so it follows the machine's
 * load). Requests closer together than that keep the pool paused and are served as without a pool;
 * once they are further apart, the pool fills again. Only for children that serve one request each:
 * one that serves several ({@code ForkOptions.requestsPerChild}) pays its JVM start once for all of
 * them, so replacing it pays even when requests outrun the pool, and its pool is never paused.
 *
 * <p>The clock is {@link System#nanoTime()}'s, given so that the rule can be tested without waiting.
 */
final class PoolPace {

    /** The quiet period before any child of the pool has been timed. */
    static final Duration FIRST_QUIET = Duration.ofMillis(500);
    /** The quiet period's bounds, whatever the children's timings say. */
    static final Duration MIN_QUIET = Duration.ofMillis(100);
    static final Duration MAX_QUIET = Duration.ofSeconds(2);

    private final boolean oneRequestPerChild;
    private final LongSupplier clock;
    private boolean outrun; // a request ever found no child ready
    private long lastOutrun; // clock time of the last one
    private long quietNanos = FIRST_QUIET.toNanos();
    private boolean timed; // quietNanos comes from a child's timing

    /** The pace of a pool whose children serve up to {@code requestsPerChild} requests each. */
    PoolPace(int requestsPerChild, LongSupplier clock) {
        this.oneRequestPerChild = requestsPerChild == 1;
        this.clock = clock;
    }

    /** A request found no child ready: it waits for a JVM start (a child started for it) or for a free slot. */
    synchronized void outrun() {
        if (!oneRequestPerChild) {
            return;
        }
        outrun = true;
        lastOutrun = clock.getAsLong();
    }

    /**
     * A waiting child said it is ready {@code startToReady} after it was started: the quiet period
     * follows (a quarter of the newest timing, three quarters of the average before it).
     */
    synchronized void childReadyAfter(Duration startToReady) {
        long nanos = Math.clamp(startToReady.toNanos(), MIN_QUIET.toNanos(), MAX_QUIET.toNanos());
        quietNanos = timed ? quietNanos - quietNanos / 4 + nanos / 4 : nanos;
        timed = true;
    }

    /** How long the pool must still wait before it starts a child; zero when it may start one now. */
    synchronized Duration pausedFor() {
        if (!outrun) {
            return Duration.ZERO;
        }
        long left = lastOutrun + quietNanos - clock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The quiet period now: how long after the last request that found no child ready the pool starts children again. */
    synchronized Duration quietPeriod() {
        return Duration.ofNanos(quietNanos);
    }
}
