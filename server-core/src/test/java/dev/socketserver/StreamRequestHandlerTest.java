package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** StreamRequestHandler's options: CPython's {@code timeout} on reads and {@code disable_nagle_algorithm}. */
@Timeout(30)
class StreamRequestHandlerTest {

    static volatile CompletableFuture<Boolean> noDelay = new CompletableFuture<>();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        noDelay = new CompletableFuture<>();
    }

    /** Reads with a 100 ms timeout from a client that sends nothing. */
    public static final class ImpatientReader extends StreamRequestHandler {
        @Override
        protected Duration timeout() {
            return Duration.ofMillis(100);
        }

        @Override
        protected void handle() throws IOException {
            rfile().read();
        }
    }

    /** Reports whether TCP_NODELAY is on, then echoes a line. */
    public static final class NoDelayEcho extends StreamRequestHandler {
        @Override
        protected boolean disableNagleAlgorithm() {
            return true;
        }

        @Override
        protected void handle() throws IOException {
            noDelay.complete(channel().getOption(StandardSocketOptions.TCP_NODELAY));
            wfile().write(TestIo.readLine(rfile()));
        }
    }

    /** Reads one byte through an unbuffered {@code rfile()}, then the rest from the channel, and sends both back. */
    public static final class UnbufferedReader extends StreamRequestHandler {
        @Override
        protected int readBufferSize() {
            return 0;
        }

        @Override
        protected void handle() throws IOException {
            int first = rfile().read();
            ByteBuffer rest = ByteBuffer.allocate(64);
            while (channel().read(rest) >= 0 && rest.hasRemaining()) {
                // until the client's end of stream
            }
            wfile().write(first);
            wfile().write(rest.array(), 0, rest.position());
        }
    }

    @Test
    void aReadBufferSizeOfZeroLeavesUnreadBytesInTheChannel() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), UnbufferedReader.class);
             ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
            client.shutdownOutput();
            assertEquals("abc", new String(TestIo.readAll(client), StandardCharsets.US_ASCII),
                    "the bytes after the first were still in the channel, not in a buffer");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "UNIX_STREAM"})
    void aReadTimeoutEndsTheRequestWithASocketTimeout(Transport transport) throws Exception {
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        StreamServer server = transport == Transport.TCP
                ? new TcpServer(new InetSocketAddress("127.0.0.1", 0), ImpatientReader.class,
                        ServerOptions.builder().mode(Mode.VIRTUAL).build()) {
                    @Override
                    protected void handleError(SocketChannel request, SocketAddress client, Exception error) {
                        errors.add(error);
                    }
                }
                : new UnixStreamServer(transport.socketPath(dir), ImpatientReader.class,
                        ServerOptions.builder().mode(Mode.VIRTUAL).build()) {
                    @Override
                    protected void handleError(SocketChannel request, SocketAddress client, Exception error) {
                        errors.add(error);
                    }
                };
        try (server; ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            Exception error = errors.poll(10, TimeUnit.SECONDS);
            assertNotNull(error, "the read timed out");
            assertInstanceOf(SocketTimeoutException.class, error);
            assertEquals(0, TestIo.readAll(client).length, "the connection was closed");
        }
    }

    @Test
    void disableNagleAlgorithmSetsTcpNoDelay() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), NoDelayEcho.class);
             ServingThread loop = ServingThread.start(server)) {
            assertEquals("x\n", TestIo.exchange(server.serverAddress(), "x\n"));
            assertTrue(noDelay.get(10, TimeUnit.SECONDS));
        }
    }
}
