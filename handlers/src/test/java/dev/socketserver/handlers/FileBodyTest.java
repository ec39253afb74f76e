package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The zero-copy send from a virtual thread: no spin when the socket is full, no overrun of a short file. */
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
}
