package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** When the warm pool may start children ({@link PoolPace}), on a clock the test moves. */
class PoolPaceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PoolPace pace = new PoolPace(1, now::get);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aPoolThatRequestsNeverOutranStartsChildrenAtOnce() {
        assertEquals(Duration.ZERO, pace.pausedFor());
        pace.childReadyAfter(Duration.ofMillis(200));
        advance(Duration.ofSeconds(5));
        assertEquals(Duration.ZERO, pace.pausedFor());
    }

    /** Runs {@code requests} requests {@code gap} apart, each through {@code request}; none may pause {@code p}. */
    private void assertNeverPaused(PoolPace p, int requests, Duration gap, IntConsumer request) {
        for (int i = 0; i < requests; i++) {
            request.accept(i);
            assertEquals(Duration.ZERO, p.pausedFor(), "request " + i);
            advance(gap);
        }
    }

    /** Three requests in a row that find no child ready: most recent requests outran the pool. */
    private void mostlyOutrun() {
        for (int i = 0; i < 3; i++) {
            pace.outrun();
        }
    }

    @Test
    void requestsThatMostlyFindNoChildReadyPauseThePoolForTheQuietPeriod() {
        pace.outrun();
        pace.outrun();
        assertEquals(Duration.ZERO, pace.pausedFor(), "two outrun requests are not yet most of the recent ones");
        pace.outrun();
        assertEquals(PoolPace.FIRST_QUIET, pace.pausedFor(), "no child timed yet: the first quiet period");
        advance(PoolPace.FIRST_QUIET.minusNanos(1));
        assertEquals(Duration.ofNanos(1), pace.pausedFor());
        advance(Duration.ofNanos(1));
        assertEquals(Duration.ZERO, pace.pausedFor(), "the pool fills again once the quiet period passed");
    }

    @Test
    void requestsCloserThanTheQuietPeriodKeepThePoolPausedWhileTheyCome() {
        pace.childReadyAfter(Duration.ofMillis(150)); // a waiting child takes 150 ms to be ready
        Duration sixteenPerSecond = Duration.ofMillis(62);
        mostlyOutrun();
        for (int i = 0; i < 2 * 16; i++) { // two seconds at 16/s, every request served by a child started for it
            pace.outrun();
            assertEquals(Duration.ofMillis(150), pace.pausedFor(), "request " + i);
            advance(sixteenPerSecond);
            assertTrue(pace.pausedFor().isPositive(), "still paused before request " + (i + 1));
        }
        advance(Duration.ofMillis(150 - 62));
        assertEquals(Duration.ZERO, pace.pausedFor(), "the requests stopped: the pool fills again");
    }

    @Test
    void aPauseEndsAfterTheLongestPauseEvenWhileRequestsKeepComing() {
        pace.childReadyAfter(PoolPace.MAX_QUIET); // timed on a busy machine: requests at 2/s are closer than that
        long longestMillis = PoolPace.LONGEST_PAUSE.toMillis();
        Duration twoPerSecond = Duration.ofMillis(500);
        int until = (int) (longestMillis / 500);
        mostlyOutrun();
        for (int i = 0; i < until; i++) {
            pace.outrun();
            assertTrue(pace.pausedFor().isPositive(), "request " + i);
            assertTrue(pace.pausedFor().compareTo(PoolPace.LONGEST_PAUSE.minusMillis(500L * i)) <= 0, "request " + i);
            advance(twoPerSecond);
        }
        assertEquals(Duration.ZERO, pace.pausedFor(), "the pool tries again " + PoolPace.LONGEST_PAUSE + " after the pause began");
        pace.outrun(); // it could not keep up yet: a new pause
        assertEquals(PoolPace.MAX_QUIET, pace.pausedFor());
    }

    @Test
    void requestsFurtherApartThanTheQuietPeriodLetThePoolFillBetweenThem() {
        pace.childReadyAfter(Duration.ofMillis(150));
        for (int i = 0; i < 10; i++) { // 2/s, each finding the pool empty
            pace.outrun();
            advance(Duration.ofMillis(150));
            assertEquals(Duration.ZERO, pace.pausedFor(), "the pool fills before request " + (i + 1));
            advance(Duration.ofMillis(350));
        }
    }

    @Test
    void aPoolOfChildrenServingSeveralRequestsIsNeverPaused() {
        PoolPace several = new PoolPace(20, now::get); // each replacement serves 20 requests for one JVM start
        several.childReadyAfter(Duration.ofMillis(150));
        assertNeverPaused(several, 32, Duration.ofMillis(31), i -> several.outrun()); // 32/s
    }

    @Test
    void theQuietPeriodFollowsHowLongTheChildrenTakeToBeReady() {
        pace.childReadyAfter(Duration.ofMillis(200));
        assertEquals(Duration.ofMillis(200), pace.quietPeriod(), "the first timing replaces the first guess");
        pace.childReadyAfter(Duration.ofMillis(600));
        assertEquals(Duration.ofMillis(400), pace.quietPeriod(), "half the newest, half the rest");
        mostlyOutrun();
        assertEquals(Duration.ofMillis(400), pace.pausedFor());
    }

    @Test
    void theQuietPeriodStaysWithinItsBounds() {
        pace.childReadyAfter(Duration.ofMillis(1));
        assertEquals(PoolPace.MIN_QUIET, pace.quietPeriod());
        for (int i = 0; i < 50; i++) {
            pace.childReadyAfter(Duration.ofMinutes(1)); // a child that took a minute on an overloaded machine
        }
        assertEquals(PoolPace.MAX_QUIET.toMillis(), pace.quietPeriod().toMillis(), 1.0);
        mostlyOutrun();
        assertTrue(pace.pausedFor().isPositive(), "paused");
        assertTrue(pace.pausedFor().compareTo(PoolPace.MAX_QUIET) <= 0, "paused at most " + PoolPace.MAX_QUIET);
    }

    @Test
    void anOutrunRequestNowAndThenDoesNotPauseThePool() {
        pace.childReadyAfter(Duration.ofMillis(150));
        assertNeverPaused(pace, 40, Duration.ofMillis(125), i -> { // 8/s, one request in four finding both children busy
            if (i % 4 == 3) {
                pace.outrun();
                pace.stillOutrun(); // its child's launch
            } else {
                pace.served();
            }
        });
    }

    @Test
    void requestsServedAgainBringTheShareBackBelowMost() {
        pace.childReadyAfter(Duration.ofMillis(150));
        mostlyOutrun();
        assertTrue(pace.pausedFor().isPositive());
        advance(Duration.ofMillis(150));
        for (int i = 0; i < 4; i++) {
            pace.served(); // the pool filled again and keeps up
        }
        pace.outrun();
        assertEquals(Duration.ZERO, pace.pausedFor(), "one outrun request after four served ones");
    }
}
