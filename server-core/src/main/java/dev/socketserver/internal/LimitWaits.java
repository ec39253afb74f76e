package dev.socketserver.internal;

import dev.socketserver.observe.ServerMXBean;
import dev.socketserver.observe.LimitWaitEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jetbrains.annotations.Nullable;

/**
 * The serve loop's waits at the connection limit, counted for the {@link ServerMXBean} and
 * recorded as {@link LimitWaitEvent}s. A wait spans the loop's turns until a slot frees, so one
 * stalled client counts once however often the loop wakes meanwhile. {@link #began} and
 * {@link #ended} are called by the serve loop's thread only; the getters from any thread.
 */
final class LimitWaits {

    private final LongAdder count = new LongAdder();
    private final AtomicLong endedNanos = new AtomicLong();
    private volatile long waitingSince; // System.nanoTime() of the current wait's start; 0: not waiting
    private @Nullable LimitWaitEvent event; // serve loop's thread only

    /** The loop found no free slot; starts a wait unless one is on. */
    void began(int maxConnections, String transport, String address) {
        if (event != null) {
            return;
        }
        count.increment();
        LimitWaitEvent started = new LimitWaitEvent();
        started.begin();
        started.maxConnections = maxConnections;
        started.transport = transport;
        started.address = address;
        event = started;
        waitingSince = Math.max(1, System.nanoTime()); // 0 means "not waiting"
    }

    /** The wait, if one is on, ends: a slot came, or the loop stopped. */
    void ended(boolean slotFreed) {
        LimitWaitEvent finished = event;
        if (finished == null) {
            return;
        }
        event = null;
        endedNanos.addAndGet(System.nanoTime() - waitingSince);
        waitingSince = 0;
        finished.end();
        if (finished.shouldCommit()) {
            finished.slotFreed = slotFreed;
            finished.commit();
        }
    }

    long count() {
        return count.sum();
    }

    /** The time waited so far, the current wait included. */
    long waitedMillis() {
        long since = waitingSince;
        long current = since == 0 ? 0 : System.nanoTime() - since;
        return (endedNanos.get() + current) / 1_000_000;
    }
}
