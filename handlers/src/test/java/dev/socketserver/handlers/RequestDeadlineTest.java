package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request deadline's timer: it expires once when not stopped, never when stopped in time, and lapses in between. */
@Timeout(30)
class RequestDeadlineTest {

    @Test
    void aStartedDeadlineExpiresOnceAndAStoppedOneNever() throws Exception {
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger expiries = new AtomicInteger();
        RequestDeadline deadline = new RequestDeadline(Duration.ofMillis(500), () -> {
            expiries.incrementAndGet();
            expired.countDown();
        });
        // Many short requests, each stopped in time: the one timer task lapses and re-arms.
        for (int i = 0; i < 20; i++) {
            deadline.startIfStopped();
            deadline.stop();
            Thread.sleep(5);
        }
        Thread.sleep(1200); // two timeouts with the deadline stopped
        assertEquals(0, expiries.get(), "stopped in time, yet expired");
        long start = System.nanoTime();
        deadline.startIfStopped();
        deadline.startIfStopped(); // already running: keeps its end
        assertTrue(expired.await(10, TimeUnit.SECONDS), "a started deadline never expired");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "expired early");
        Thread.sleep(600);
        assertEquals(1, expiries.get());
        deadline.close();
    }

    @Test
    void restartingGivesTheWholeTimeoutAgainAndNoTimeoutNeverExpires() throws Exception {
        AtomicInteger expiries = new AtomicInteger();
        RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(2), expiries::incrementAndGet);
        deadline.startIfStopped();
        Thread.sleep(1200);
        deadline.restart(); // 2 s from now, not from the first start
        Thread.sleep(1200);
        assertEquals(0, expiries.get(), "restart kept the old end");
        deadline.close();
        Thread.sleep(1200);
        assertEquals(0, expiries.get(), "closed, yet expired");

        RequestDeadline none = new RequestDeadline(null, expiries::incrementAndGet);
        none.startIfStopped();
        Thread.sleep(100);
        none.close();
        assertEquals(0, expiries.get());
    }
}
