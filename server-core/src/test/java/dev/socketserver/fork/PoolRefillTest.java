package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When the warm pool's refill rounds run: brought forward, run again when asked during one, spaced. */
@Timeout(60)
class PoolRefillTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final long WAIT_SECONDS = 20;

    private final BlockingQueue<Long> rounds = new LinkedBlockingQueue<>(); // each round's start, System.nanoTime()

    private boolean round() {
        rounds.add(System.nanoTime());
        return true;
    }

    @Test
    void aRefillAskedSoonerBringsThePendingOneForward() throws InterruptedException {
        PoolRefill refill = new PoolRefill(this::round, NEVER, Duration.ZERO);
        refill.within(NEVER); // a dying child's replacement, say
        refill.within(Duration.ZERO); // a request found no child ready
        assertTrue(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS) != null, "the round ran without waiting the hour");
    }

    @Test
    void aRefillAskedWhileARoundRunsMakesItRunAgain() throws InterruptedException {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PoolRefill refill = new PoolRefill(() -> {
            inRound.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return round();
        }, NEVER, Duration.ZERO);
        refill.within(Duration.ZERO);
        assertTrue(inRound.await(WAIT_SECONDS, TimeUnit.SECONDS), "the first round started");
        refill.within(Duration.ZERO); // the pool lost a child while the round was starting others
        release.countDown();
        assertTrue(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS) != null, "the first round ended");
        assertTrue(rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS) != null, "a second round for what was asked during the first");
    }

    @Test
    void roundsStartAtLeastTheSpacingApart() throws InterruptedException {
        Duration spacing = Duration.ofMillis(500);
        PoolRefill refill = new PoolRefill(this::round, NEVER, spacing);
        refill.within(Duration.ZERO);
        Long first = rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        refill.within(Duration.ZERO);
        Long second = rounds.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(first != null && second != null, "two rounds ran");
        assertTrue(second - first >= spacing.toNanos(), "rounds " + (second - first) / 1_000_000 + " ms apart, at least " + spacing);
        assertEquals(0, rounds.size(), "no round beyond the two asked for");
    }

    @Test
    void aRoundThatMustWaitIsTriedAgainAfterTheRetryDelay() throws InterruptedException {
        CountDownLatch secondTry = new CountDownLatch(2);
        PoolRefill refill = new PoolRefill(() -> {
            secondTry.countDown();
            return secondTry.getCount() == 0; // the first try finds the AOT cache still being made
        }, Duration.ofMillis(10), Duration.ZERO);
        refill.within(Duration.ZERO);
        assertTrue(secondTry.await(WAIT_SECONDS, TimeUnit.SECONDS), "tried again after the first said wait");
    }
}
