package dev.socketserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionPermitsTest {

    @Test
    void noMoreThanMaxAtOnce() {
        ConnectionPermits permits = new ConnectionPermits(2);
        assertTrue(permits.tryAcquire(0));
        assertTrue(permits.tryAcquire(0));
        assertFalse(permits.tryAcquire(0));
        assertFalse(permits.tryAcquire(1), "a short wait with nothing released gives up");
        assertEquals(2, permits.inUse());
        permits.release();
        assertTrue(permits.tryAcquire(0));
    }

    @Test
    void aReleaseEndsAWait() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(1);
        assertTrue(permits.tryAcquire(0));
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        Thread waiting = Thread.ofPlatform().name("permit-waiter").start(() -> waiter.complete(permits.tryAcquire(60_000)));
        while (waiting.getState() != Thread.State.TIMED_WAITING) { // the release must end a wait, not precede it
            assertFalse(waiter.isDone(), "the waiter got a permit none had released");
            Thread.onSpinWait();
        }
        permits.release();
        assertTrue(waiter.get(20, TimeUnit.SECONDS));
    }

    @Test
    void wakeUpEndsAWaitWithoutAPermit() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(1);
        assertTrue(permits.tryAcquire(0));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return permits.tryAcquire(60_000);
        });
        started.await();
        // A wake-up may come before the waiter has begun to wait; repeat until it has answered.
        while (!waiter.isDone()) {
            permits.wakeUp();
            Thread.onSpinWait();
        }
        assertFalse(waiter.get());
        assertEquals(1, permits.inUse());
    }

    @Test
    void releasingMoreThanTakenIsABug() {
        ConnectionPermits permits = new ConnectionPermits(3);
        assertThrows(IllegalStateException.class, permits::release);
        assertThrows(IllegalArgumentException.class, () -> new ConnectionPermits(0));
    }
}
