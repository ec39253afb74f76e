package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CPython's ErrorHandlerTest: an exception from the handler goes to {@code handleError} and the
 * server goes on; an {@link Error} (CPython: a {@code BaseException} such as {@code SystemExit})
 * is not handled: it leaves {@code serveForever}/{@code handleRequest} in sync mode, and ends the
 * request's thread through its uncaught-exception handler in the threaded modes.
 */
@Timeout(30)
class ErrorHandlerTest {

    /** What the threaded modes' request thread passed to its uncaught-exception handler. */
    static volatile CompletableFuture<Throwable> uncaught = new CompletableFuture<>();

    @BeforeEach
    void reset() {
        uncaught = new CompletableFuture<>();
    }

    static final class TestError extends Error {
        TestError() {
            super("handler failed with an Error on purpose");
        }
    }

    /** Fails as the client asks: {@code exception} or {@code error}; any other line is echoed. */
    public static final class Faulty extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line = TestIo.readLine(rfile());
            switch (new String(line, StandardCharsets.UTF_8).trim()) {
                case "exception" -> throw new IOException("handler failed on purpose");
                case "error" -> {
                    recordUncaught(Thread.currentThread());
                    throw new TestError();
                }
                default -> wfile().write(line);
            }
        }

        /** Wraps the thread's own uncaught-exception handler: the server's stays in charge, the test sees what reached it. */
        private static void recordUncaught(Thread thread) {
            Thread.UncaughtExceptionHandler original = thread.getUncaughtExceptionHandler();
            thread.setUncaughtExceptionHandler((t, e) -> {
                uncaught.complete(e);
                original.uncaughtException(t, e);
            });
        }
    }

    /** Records what reaches handleError, as CPython's test server writes "Error handled". */
    static final class RecordingServer extends TcpServer {
        final BlockingQueue<Exception> handled = new LinkedBlockingQueue<>();

        RecordingServer(Mode mode) throws IOException {
            super(new InetSocketAddress("127.0.0.1", 0), Faulty.class, ServerOptions.builder().mode(mode).build());
        }

        @Override
        protected void handleError(SocketChannel request, SocketAddress clientAddress, Exception error) {
            handled.add(error);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void anExceptionReachesHandleErrorAndTheServerGoesOn(Mode mode) throws Exception {
        try (var server = new RecordingServer(mode); ServingThread loop = ServingThread.start(server)) {
            assertEquals("", TestIo.exchange(server.serverAddress(), "exception\n"), "connection closed unanswered");
            Exception error = server.handled.poll(10, TimeUnit.SECONDS);
            assertNotNull(error, "handleError was called");
            assertEquals("handler failed on purpose", assertInstanceOf(IOException.class, error).getMessage());
            assertEquals("ok\n", TestIo.exchange(server.serverAddress(), "ok\n"), "the server still serves");
            assertTrue(loop.thread().isAlive());
        }
    }

    @Test
    void anErrorLeavesServeForeverInSyncMode() throws Exception {
        try (var server = new RecordingServer(Mode.SYNC)) {
            ServingThread loop = ServingThread.start(server);
            assertEquals("", TestIo.exchange(server.serverAddress(), "error\n"), "the request was still shut down");
            assertInstanceOf(TestError.class, loop.join(), "serveForever ended with the Error");
            assertTrue(server.handled.isEmpty(), "handleError does not see an Error");
            // The loop is over but the server is intact: it can serve again.
            try (ServingThread again = ServingThread.start(server)) {
                assertEquals("ok\n", TestIo.exchange(server.serverAddress(), "ok\n"));
            }
        }
    }

    @Test
    void anErrorLeavesHandleRequestInSyncMode() throws Exception {
        try (var server = new RecordingServer(Mode.SYNC);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("error\n".getBytes(StandardCharsets.UTF_8)));
            assertThrows(TestError.class, server::handleRequest);
            assertEquals(0, TestIo.readAll(client).length, "the connection was closed");
            assertTrue(server.handled.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void anErrorReachesTheRequestThreadsUncaughtHandler(Mode mode) throws Exception {
        try (var server = new RecordingServer(mode); ServingThread loop = ServingThread.start(server)) {
            assertEquals("", TestIo.exchange(server.serverAddress(), "error\n"));
            assertInstanceOf(TestError.class, uncaught.get(10, TimeUnit.SECONDS));
            assertNull(server.handled.peek(), "handleError does not see an Error");
            assertEquals("ok\n", TestIo.exchange(server.serverAddress(), "ok\n"), "the server still serves");
        }
    }
}
