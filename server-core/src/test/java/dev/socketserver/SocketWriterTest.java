package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CPython's SocketWriterTest: {@code wfile} is unbuffered, so what a handler writes reaches the
 * peer while the handler is still running, before any flush or {@code finish()}; and one large
 * write is written whole.
 */
@Timeout(30)
class SocketWriterTest {

    /** 1 MiB: far more than a socket buffer, so the write must loop until all is sent. */
    static final byte[] PAYLOAD = randomBytes(1 << 20);

    /** Holds the handler in handle() after its write, so nothing but the write itself can deliver the bytes. */
    static volatile CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path dir;

    @BeforeEach
    void arm() {
        release = new CountDownLatch(1);
    }

    @AfterEach
    void releaseHandler() {
        release.countDown();
    }

    /** Writes the payload once, then waits for the test without flushing or returning. */
    public static final class WriteThenWait extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException, InterruptedException {
            wfile().write(PAYLOAD);
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the handler");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void aWriteReachesThePeerWithoutFlushOverTcp(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), WriteThenWait.class,
                ServerOptions.builder().mode(mode).build())) {
            readWhileTheHandlerWaits(server);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "VIRTUAL"})
    void aWriteReachesThePeerWithoutFlushOverUnixStream(Mode mode) throws Exception {
        try (var server = new UnixStreamServer(dir.resolve("writer.sock"), WriteThenWait.class,
                ServerOptions.builder().mode(mode).build())) {
            readWhileTheHandlerWaits(server);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new Random(2302).nextBytes(bytes);
        return bytes;
    }

    private static void readWhileTheHandlerWaits(StreamServer server) throws Exception {
        try (ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            ByteBuffer received = ByteBuffer.allocate(PAYLOAD.length);
            while (received.hasRemaining()) {
                if (client.read(received) < 0) {
                    throw new AssertionError("connection closed after " + received.position() + " bytes");
                }
            }
            assertEquals(1, release.getCount(), "all bytes arrived while the handler was still in handle()");
            assertArrayEquals(PAYLOAD, received.array());
            release.countDown();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "nothing more, then end of stream");
            assertTrue(loop.thread().isAlive());
        }
    }
}
