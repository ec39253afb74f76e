package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-copy send from a virtual thread: no spin when the socket is full, one page copied to
 * wait for room, no overrun of a short file, a larger send buffer for a large body.
 */
class FileBodyTest {

    @TempDir
    Path dir;

    /** The sender parks on a read first, as a handler does, so the JDK has made the socket non-blocking. */
    @Test
    @Timeout(60)
    void sendsTheWholeFileFromAVirtualThreadToASlowReader() throws Exception {
        byte[] content = new byte[8 << 20];
        new Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("body.bin"), content);
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel server = listener.accept()) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            Thread.ofVirtual().name("zero-copy-sender").start(() -> {
                try (FileChannel in = FileChannel.open(file)) {
                    server.read(ByteBuffer.allocate(1));
                    assertTrue(FileBody.transfer(in, content.length, () -> server));
                    sent.complete(null);
                } catch (Throwable e) { // an AssertionError too: sent.get() rethrows it, never waits forever
                    sent.completeExceptionally(e);
                }
            });
            client.write(ByteBuffer.wrap(new byte[] {1}));
            ByteBuffer received = ByteBuffer.allocate(content.length);
            ByteBuffer small = ByteBuffer.allocate(4096); // a slow reader: the sender's buffer fills up
            while (received.hasRemaining()) {
                small.clear().limit(Math.min(small.capacity(), received.remaining()));
                if (client.read(small) < 0 || sent.isCompletedExceptionally()) {
                    sent.get(); // the sender's failure, or end of stream before the whole file
                    break;
                }
                received.put(small.flip());
            }
            sent.get();
            assertArrayEquals(content, received.array());
        }
    }

    @Test
    void aFileShorterThanAnnouncedIsReported() throws Exception {
        Path file = Files.write(dir.resolve("short.bin"), new byte[10]);
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel server = listener.accept();
             FileChannel in = FileChannel.open(file)) {
            assertFalse(FileBody.transfer(in, 20, () -> server), "a file that ended early is reported");
        }
    }

    /**
     * When nothing went out, one page goes by a plain write (which parks until the socket has
     * room) and the rest by zero-copy again. With 64 KiB the copies of those writes were a large
     * share of the sender's CPU for a 100 MB file.
     */
    @Test
    void aFullSocketCostsOnePageThroughABuffer() throws Exception {
        Path file = Files.write(dir.resolve("stall.bin"), new byte[256 * 1024]);
        FullOnceChannel out = new FullOnceChannel();
        try (FileChannel in = FileChannel.open(file)) {
            assertTrue(FileBody.transfer(in, Files.size(file), () -> out));
        }
        assertEquals(256 * 1024, out.taken);
        assertEquals(4096, out.offered.get(1), "the write after the refused one: " + out.offered);
    }

    /**
     * A body of {@link SendBuffer#LARGE_BODY_BYTES} or more gets the larger send buffer, by both
     * ways of sending; a smaller one leaves the kernel's tuning alone (which
     * may grow the buffer itself, never as far). On this project's machines
     * the kernel grants it ({@code wmem_max} 4 MiB against {@code tcp_wmem}'s 4 MiB): without
     * {@link SendBuffer} the buffer stayed at the 2 MiB the JDK reports for loopback.
     */
    @Test
    @Timeout(60)
    void aLargeBodyGetsTheLargerSendBuffer() throws Exception {
        Path small = Files.write(dir.resolve("small.bin"), new byte[(int) SendBuffer.LARGE_BODY_BYTES - 1]);
        Path large = Files.write(dir.resolve("large.bin"), new byte[(int) SendBuffer.LARGE_BODY_BYTES]);
        for (boolean hashed : new boolean[] {false, true}) {
            try (ServerSocketChannel listener = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel server = listener.accept()) {
                CompletableFuture<Long> drained = drain(client, Files.size(small) + Files.size(large));
                int tuned = server.getOption(StandardSocketOptions.SO_SNDBUF);
                send(small, server, hashed);
                // The kernel's own tuning may grow the buffer meanwhile (seen: 1,969,920 to 2,097,152), but only up to
                // half of tcp_wmem's maximum as the JDK reports it, which is below what SendBuffer sets.
                int afterSmall = server.getOption(StandardSocketOptions.SO_SNDBUF);
                assertTrue(afterSmall >= tuned && (SendBuffer.chosenBytes() == 0 || afterSmall < SendBuffer.chosenBytes()),
                        "below the threshold, hashed=" + hashed + ": "
                        + tuned + " then " + afterSmall + ", chosen " + SendBuffer.chosenBytes());
                send(large, server, hashed);
                assertEquals(Math.max(tuned, SendBuffer.chosenBytes()), server.getOption(StandardSocketOptions.SO_SNDBUF),
                        "a large body, hashed=" + hashed + ", chosen " + SendBuffer.chosenBytes());
                assertEquals(Files.size(small) + Files.size(large), drained.get());
            }
        }
    }

    @Test
    void theLargerBufferIsTakenOnlyWhereTheKernelGrantsMoreThanItsTuning() {
        assertEquals(4 << 20, SendBuffer.chosen(4 << 20, 4 << 20), "this machine: 8 MiB against the tuning's 4 MiB");
        assertEquals(4 << 20, SendBuffer.chosen(256 << 20, 4 << 20), "capped");
        assertEquals(3 << 20, SendBuffer.chosen(3 << 20, 4 << 20), "as much as the kernel grants");
        assertEquals(0, SendBuffer.chosen(212_992, 4 << 20), "a stock kernel: 416 KiB would be less than the tuning");
        assertEquals(0, SendBuffer.chosen(4 << 20, 8 << 20), "no more than the tuning reaches");
        assertEquals(0, SendBuffer.chosen(-1, 4 << 20), "unknown");
        assertEquals(0, SendBuffer.chosen(4 << 20, -1), "unknown");
    }

    @Test
    void theKernelLimitsAreReadFromProcfsAndAnUnreadableOneIsUnknown() throws IOException {
        Path wmem = Files.writeString(dir.resolve("tcp_wmem"), "4096\t16384\t4194304\n");
        assertEquals(4_194_304, SendBuffer.read(wmem, 2));
        assertEquals(-1, SendBuffer.read(wmem, 3), "no such field");
        assertEquals(-1, SendBuffer.read(dir.resolve("missing"), 0));
        assertEquals(-1, SendBuffer.read(Files.writeString(dir.resolve("garbled"), "lots\n"), 0));
    }

    private static void send(Path file, SocketChannel server, boolean hashed) throws IOException {
        try (FileChannel in = FileChannel.open(file)) {
            if (hashed) {
                assertNotNull(FileBody.copyAndDigest(in, Files.size(file), () -> server));
            } else {
                assertTrue(FileBody.transfer(in, Files.size(file), () -> server));
            }
        }
    }

    /** Reads {@code expected} bytes from {@code client} on a thread of its own; completes with the count. */
    private static CompletableFuture<Long> drain(SocketChannel client, long expected) {
        CompletableFuture<Long> drained = new CompletableFuture<>();
        Thread.ofPlatform().name("send-buffer-reader").start(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
            long total = 0;
            try {
                while (total < expected) {
                    int read = client.read(buffer.clear());
                    if (read < 0) {
                        break;
                    }
                    total += read;
                }
                drained.complete(total);
            } catch (IOException e) {
                drained.completeExceptionally(e);
            }
        });
        return drained;
    }

    /** A channel that takes nothing on its first write, as a full non-blocking socket does, then everything. */
    private static final class FullOnceChannel implements WritableByteChannel {
        final List<Integer> offered = new ArrayList<>();
        long taken;

        @Override
        public int write(ByteBuffer source) {
            offered.add(source.remaining());
            if (offered.size() == 1) {
                return 0;
            }
            int n = source.remaining();
            source.position(source.limit());
            taken += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
