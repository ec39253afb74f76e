package dev.socketserver.handlers;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, reused from request to request. A reply read into a direct buffer
 * goes from the file to the socket without the two copies through the JDK's temporary direct
 * buffer that a heap array costs, and without a new array per request: the 4 KiB arrays were
 * a third of what a request allocated (10.9 KB on a new connection), and under load each young
 * collection is a pause (docs/benchmarks.md, "Young collections, allocation per request").
 *
 * <p>At most {@code limit} direct buffers are ever made; a request that finds none free gets a
 * heap buffer, which is not kept. Every buffer taken is given back once its bytes are sent or
 * abandoned, whatever happened; a buffer is cleared when taken, so no reply sees another's bytes
 * beyond its own limit.
 */
final class ReplyBuffers {

    private final int size;
    private final int limit;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicInteger made = new AtomicInteger();

    /**
     * @param size each buffer's capacity in bytes
     * @param limit the most direct buffers made, and kept
     */
    ReplyBuffers(int size, int limit) {
        if (size < 1 || limit < 1) {
            throw new IllegalArgumentException("size and limit must be >= 1, got " + size + " and " + limit);
        }
        this.size = size;
        this.limit = limit;
        this.free = new ArrayBlockingQueue<>(limit);
    }

    /** A cleared buffer of {@code size} bytes: a free direct one, a new direct one, or past the limit a heap one. */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        if (made.get() < limit && made.incrementAndGet() <= limit) {
            return ByteBuffer.allocateDirect(size);
        }
        return ByteBuffer.allocate(size);
    }

    /** Gives back a buffer {@link #take()} returned; its caller no longer uses it. */
    void give(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == size && !free.offer(buffer)) {
            throw new IllegalStateException("more direct buffers given back than were made: one was given twice");
        }
    }

    /** Direct buffers made so far; for tests. */
    int made() {
        return Math.min(made.get(), limit);
    }

    /** Direct buffers free now; for tests. */
    int free() {
        return free.size();
    }
}
