package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reply buffers: reused, cleared, bounded, and never in two requests' hands at once. */
class ReplyBuffersTest {

    @Test
    void aBufferGivenBackIsTheNextTakenAndComesCleared() {
        ReplyBuffers buffers = new ReplyBuffers(64, 4);
        ByteBuffer first = buffers.take();
        assertTrue(first.isDirect());
        assertEquals(64, first.capacity());
        first.put(new byte[10]).limit(20);
        buffers.give(first);
        ByteBuffer second = buffers.take();
        assertSame(first, second);
        assertEquals(0, second.position());
        assertEquals(64, second.limit());
    }

    @Test
    void pastTheLimitABufferIsOnHeapAndNotKept() {
        ReplyBuffers buffers = new ReplyBuffers(64, 2);
        List<ByteBuffer> taken = List.of(buffers.take(), buffers.take(), buffers.take());
        assertTrue(taken.get(0).isDirect() && taken.get(1).isDirect());
        assertFalse(taken.get(2).isDirect());
        assertEquals(64, taken.get(2).capacity());
        taken.forEach(buffers::give);
        assertEquals(2, buffers.free());
        assertEquals(2, buffers.made());
    }

    @Test
    void aBufferGivenBackTwiceIsCaughtWhenThePoolIsFull() {
        ReplyBuffers buffers = new ReplyBuffers(64, 1);
        ByteBuffer only = buffers.take();
        buffers.give(only);
        assertThrows(IllegalStateException.class, () -> buffers.give(only));
    }

    @Test
    void sizeAndLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ReplyBuffers(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplyBuffers(1, 0));
    }

    /** Each taker fills its buffer with its own mark and finds it intact before giving it back. */
    @Test
    @Timeout(60)
    void concurrentTakersNeverShareABuffer() throws Exception {
        ReplyBuffers buffers = new ReplyBuffers(256, 3);
        List<Future<Integer>> takers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                byte mark = (byte) (t + 1);
                takers.add(pool.submit(() -> {
                    int clashes = 0;
                    for (int round = 0; round < 20_000; round++) {
                        ByteBuffer buffer = buffers.take();
                        while (buffer.hasRemaining()) {
                            buffer.put(mark);
                        }
                        Thread.yield();
                        for (int i = 0; i < buffer.capacity(); i++) {
                            clashes += buffer.get(i) == mark ? 0 : 1;
                        }
                        buffers.give(buffer);
                    }
                    return clashes;
                }));
            }
            for (Future<Integer> taker : takers) {
                assertEquals(0, taker.get());
            }
        }
        assertEquals(3, buffers.made());
        assertEquals(3, buffers.free());
    }
}
