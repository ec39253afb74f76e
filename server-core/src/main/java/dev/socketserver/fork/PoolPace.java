package dev.socketserver.fork;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the warm pool may start children now: not while requests outrun it. A request that finds
 * no child ready (it gets a child started for it, or waits for a free slot) is outrun; when most
 * recent requests are (a moving share, {@link #MOSTLY}), the pool is past its reach, and a waiting
 * child started then would only compete for the cores with the JVM starts the requests are waiting
 * on, and be ready too late for them (docs/forked.md measures it: at 16 requests/s a pool of 2 made
 * forked mode slower than no pool). An outrun request now and then is the pool within its reach
 * (at 8/s a pool of 2 served three requests in four): pausing then made half the requests wait for
 * a JVM start (p50 6.4 → 54 ms, docs/forked.md). So once most requests are outrun the pool starts
 * no child until a quiet period has passed since the last outrun request: as long as a waiting child takes from
 * its start to ready (a moving average of the pool's own children, so it follows the machine's
 * load). Requests closer together than that keep the pool paused and are served as without a pool;
 * once they are further apart, the pool fills again.
 *
 * <p>A pause lasts at most {@link #LONGEST_PAUSE}; then the pool starts children again, to find
 * out whether it can keep up now (the load may have dropped, or the quiet period come from a busy
 * moment): at a steady rate above its reach that costs a round of children every few seconds.
 * Only for children that serve one request each: one that serves several
 * ({@code ForkOptions.requestsPerChild}) pays its JVM start once for all of them, so replacing it
 * pays even when requests outrun the pool, and its pool is never paused.
 *
 * <p>The clock is {@link System#nanoTime()}'s, given so that the rule can be tested without waiting.
 */
final class PoolPace {

    /** The quiet period before any child of the pool has been timed. */
    static final Duration FIRST_QUIET = Duration.ofMillis(500);
    /** The quiet period's bounds, whatever the children's timings say. */
    static final Duration MIN_QUIET = Duration.ofMillis(100);
    static final Duration MAX_QUIET = Duration.ofSeconds(2);
    /** The longest a pause lasts from the request that began it, however many follow. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(3);
    /** Above this share of outrun requests the pool is past its reach. */
    static final double MOSTLY = 0.5;
    /** Each request's weight in the share: about the last four to eight requests count. */
    static final double WEIGHT = 0.25;

    private final boolean oneRequestPerChild;
    private final LongSupplier clock;
    private boolean paused; // a request found no child ready; see pauseEnd()
    private long pausedSince; // clock time of the request that began the pause
    private long lastOutrun; // clock time of the latest such request
    private long quietNanos = FIRST_QUIET.toNanos();
    private boolean timed; // quietNanos comes from children's timings
    private double outrunShare; // of recent requests, a moving average

    /** The pace of a pool whose children serve up to {@code requestsPerChild} requests each. */
    PoolPace(int requestsPerChild, LongSupplier clock) {
        this.oneRequestPerChild = requestsPerChild == 1;
        this.clock = clock;
    }

    /** A request found a child ready. */
    synchronized void served() {
        outrunShare -= outrunShare * WEIGHT;
    }

    /** A request found no child ready: it waits for a JVM start (a child started for it) or for a free slot. */
    synchronized void outrun() {
        outrunShare += (1 - outrunShare) * WEIGHT;
        stillOutrun();
    }

    /** The request that found no child ready is still waiting for its child's launch: the pool is outrun now. */
    synchronized void stillOutrun() {
        if (!oneRequestPerChild) {
            return;
        }
        long now = clock.getAsLong();
        if (!paused || pauseEnd() - now <= 0) { // a new pause, if most recent requests were outrun
            paused = outrunShare > MOSTLY;
            pausedSince = now;
        }
        lastOutrun = now; // a pause under way lasts a quiet period from here
    }

    /**
     * A waiting child said it is ready {@code startToReady} after it was started: the quiet period
     * follows (half the newest timing, half the average before it).
     */
    synchronized void childReadyAfter(Duration startToReady) {
        long nanos = Math.clamp(startToReady.toNanos(), MIN_QUIET.toNanos(), MAX_QUIET.toNanos());
        quietNanos = timed ? quietNanos / 2 + nanos / 2 : nanos;
        timed = true;
    }

    /** How long the pool must still wait before it starts a child; zero when it may start one now. */
    synchronized Duration pausedFor() {
        if (!paused) {
            return Duration.ZERO;
        }
        long left = pauseEnd() - clock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The quiet period now: how long after the last request that found no child ready the pool starts children again. */
    synchronized Duration quietPeriod() {
        return Duration.ofNanos(quietNanos);
    }

    /** When the pause ends: a quiet period after the last outrun, but no later than the longest pause after its start. */
    private long pauseEnd() {
        long quiet = lastOutrun + quietNanos;
        long longest = pausedSince + LONGEST_PAUSE.toNanos();
        return quiet - longest < 0 ? quiet : longest;
    }
}
