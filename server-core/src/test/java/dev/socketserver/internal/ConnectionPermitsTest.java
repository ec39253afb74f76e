package dev.socketserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        ConnectionPermits.Permit first = permits.tryAcquire(0);
        assertNotNull(first);
        assertNotNull(permits.tryAcquire(0));
        assertNull(permits.tryAcquire(0));
        assertNull(permits.tryAcquire(1), "a short wait with nothing released gives up");
        assertEquals(2, permits.inUse());
        first.release();
        assertNotNull(permits.tryAcquire(0));
    }

    @Test
    void aReleaseEndsAWait() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(1);
        ConnectionPermits.Permit held = permits.tryAcquire(0);
        assertNotNull(held);
        CompletableFuture<ConnectionPermits.Permit> waiter = new CompletableFuture<>();
        Thread waiting = Thread.ofPlatform().name("permit-waiter").start(() -> waiter.complete(permits.tryAcquire(60_000)));
        while (waiting.getState() != Thread.State.TIMED_WAITING) { // the release must end a wait, not precede it
            assertFalse(waiter.isDone(), "the waiter got a permit none had released");
            Thread.onSpinWait();
        }
        held.release();
        assertNotNull(waiter.get(20, TimeUnit.SECONDS));
    }

    @Test
    void wakeUpEndsAWaitWithoutAPermit() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(1);
        assertNotNull(permits.tryAcquire(0));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<ConnectionPermits.Permit> waiter = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return permits.tryAcquire(60_000);
        });
        started.await();
        // A wake-up may come before the waiter has begun to wait; repeat until it has answered.
        while (!waiter.isDone()) {
            permits.wakeUp();
            Thread.onSpinWait();
        }
        assertNull(waiter.get());
        assertEquals(1, permits.inUse());
    }

    @Test
    void aPermitIsReleasedOnceHoweverOftenItsHolderReleasesIt() {
        ConnectionPermits permits = new ConnectionPermits(3);
        ConnectionPermits.Permit permit = permits.tryAcquire(0);
        assertNotNull(permits.tryAcquire(0));
        assertNotNull(permit);
        permit.release();
        permit.release();
        assertEquals(1, permits.inUse(), "the second release gave nothing back");
        ConnectionPermits.Permit.NONE.release();
        assertEquals(1, permits.inUse(), "a permit that counts nowhere releases nothing");
        assertThrows(IllegalArgumentException.class, () -> new ConnectionPermits(0));
    }
}
