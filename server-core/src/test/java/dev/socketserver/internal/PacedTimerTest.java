package dev.socketserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PacedTimerTest {

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("paced-timer-test").daemon(true).factory());

    PacedTimerTest() {
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /**
     * The executor wakes its thread for a task that becomes its earliest: a connection's deadline,
     * set after the last one was cancelled, must find the pace ahead of it.
     */
    @Test
    void deadlinesSetOneAfterAnotherAreNeverTheEarliest() {
        PacedTimer timer = new PacedTimer(executor, 10, TimeUnit.MINUTES);
        for (int connection = 0; connection < 100; connection++) {
            ScheduledFuture<?> idle = timer.schedule(() -> { }, 5, TimeUnit.HOURS);
            ScheduledFuture<?> request = timer.schedule(() -> { }, 30, TimeUnit.MINUTES);
            Delayed earliest = (Delayed) executor.getQueue().peek();
            assertNotNull(earliest);
            assertTrue(earliest.getDelay(TimeUnit.MINUTES) <= 10,
                    "connection " + connection + ": the earliest task is due in " + earliest.getDelay(TimeUnit.MINUTES)
                            + " min, a deadline, not the pace");
            request.cancel(false);
            idle.cancel(false);
        }
        assertEquals(1, executor.getQueue().size(), "only the pace is left");
    }

    @Test
    void aDeadlineNearerThanThePaceRunsWhenDue() throws InterruptedException {
        PacedTimer timer = new PacedTimer(executor, 10, TimeUnit.MINUTES);
        timer.schedule(() -> { }, 1, TimeUnit.HOURS);
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(30, TimeUnit.SECONDS), "a 10 ms deadline did not run in 30 s");
    }

    @Test
    void thePaceLapsesWhenNoDeadlineIsSetAndComesBackWithTheNext() throws InterruptedException {
        PacedTimer timer = new PacedTimer(executor, 20, TimeUnit.MILLISECONDS);
        timer.schedule(() -> { }, 0, TimeUnit.MILLISECONDS); // queues the pace
        awaitEmptyQueue(); // the pace ran, found the deadline set since it was queued, re-armed once, then lapsed
        ScheduledFuture<?> deadline = timer.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertEquals(2, executor.getQueue().size(), "the pace is queued again with the next deadline");
        deadline.cancel(false);
        awaitEmptyQueue();
    }

    /** A pooled child warms the timer before its request: the thread is started, and left nothing to wake for. */
    @Test
    void warmStartsTheThreadAndLeavesNothingQueued() throws InterruptedException {
        PacedTimer timer = new PacedTimer(executor, 10, TimeUnit.MINUTES);
        timer.warm();
        assertEquals(1, executor.getPoolSize(), "the timer thread is started");
        awaitEmptyQueue(); // the warm-up's task ran; no pace was queued to wake the thread later
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (executor.getCompletedTaskCount() < 1) {
            assertTrue(System.nanoTime() < end, "the warm-up's task never ran");
            Thread.sleep(5);
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertEquals(2, executor.getQueue().size(), "the first deadline after the warm-up queues the pace");
        deadline.cancel(false);
    }

    private void awaitEmptyQueue() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!executor.getQueue().isEmpty()) {
            assertTrue(System.nanoTime() < end, "the pace never lapsed: " + executor.getQueue());
            Thread.sleep(5);
        }
    }
}
