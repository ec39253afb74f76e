package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CPython's test_shutdown (#2302), plus shutdown from a handler, before serving, and close while serving. */
@Timeout(30)
class ShutdownTest {

    /** Set by {@link ShutdownFromHandler} once its call to shutdown() has returned. */
    static volatile CountDownLatch handlerShutdownReturned = new CountDownLatch(1);

    @TempDir
    Path dir;

    @BeforeEach
    void resetLatch() {
        handlerShutdownReturned = new CountDownLatch(1);
    }

    /** Stops the server it runs in, then answers: the call must not deadlock in any mode. */
    public static final class ShutdownFromHandler extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            server().shutdown();
            handlerShutdownReturned.countDown();
            wfile().write("bye\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Closes the server it runs in (a handler may hold the server as a {@link BaseServer}), then answers. */
    public static final class CloseFromHandler extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            ((BaseServer<?>) server()).close();
            handlerShutdownReturned.countDown();
            wfile().write("closed\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The datagram counterpart of {@link ShutdownFromHandler}. */
    public static final class DatagramShutdownFromHandler extends DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            server().shutdown();
            handlerShutdownReturned.countDown();
            wfile().write("bye".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** CPython's test_shutdown: shutdown() right after starting the thread always stops the loop. */
    @Test
    void shutdownStopsEveryOneOfTwentyServers() throws Exception {
        List<TcpServer> servers = new ArrayList<>();
        List<ServingThread> loops = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                servers.add(new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class));
            }
            for (TcpServer server : servers) {
                loops.add(ServingThread.start(server));
                server.shutdown();
            }
            for (ServingThread loop : loops) {
                assertNull(loop.join(), "serveForever ended without an error");
            }
        } finally {
            servers.forEach(BaseServer::serverClose);
        }
        servers.forEach(server -> assertEquals(-1, server.fileno()));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void shutdownFromInsideAStreamHandlerDoesNotDeadlock(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), ShutdownFromHandler.class,
                ServerOptions.builder().mode(mode).build())) {
            ServingThread loop = ServingThread.start(server);
            assertEquals("bye\n", TestIo.exchange(server.serverAddress(), "stop\n"));
            assertNull(loop.join(), "serveForever returned by itself after the handler's shutdown()");
            assertTrue(handlerShutdownReturned.await(10, TimeUnit.SECONDS), "the handler's shutdown() returned");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void shutdownFromInsideADatagramHandlerDoesNotDeadlock(Mode mode) throws Exception {
        try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), DatagramShutdownFromHandler.class,
                ServerOptions.builder().mode(mode).build());
             DatagramChannel client = DatagramChannel.open()) {
            ServingThread loop = ServingThread.start(server);
            client.send(ByteBuffer.wrap(new byte[] {1}), server.serverAddress());
            ByteBuffer reply = ByteBuffer.allocate(16);
            client.receive(reply);
            assertEquals("bye", new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
            assertNull(loop.join());
            assertTrue(handlerShutdownReturned.await(10, TimeUnit.SECONDS));
        }
    }

    /** serverClose() waits for requests in flight, but not for the one that calls it. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void closeFromInsideAHandlerDoesNotWaitForItself(Mode mode) throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CloseFromHandler.class,
                ServerOptions.builder().mode(mode).build());
        ServingThread loop = ServingThread.start(server);
        assertEquals("closed\n", TestIo.exchange(server.serverAddress(), "close\n"));
        assertTrue(handlerShutdownReturned.await(10, TimeUnit.SECONDS), "the handler's close() returned");
        assertNull(loop.join(), "the loop ended quietly");
        assertEquals(-1, server.fileno());
        assertEquals(0, server.dispatcher().awaitInFlight(Duration.ofSeconds(10)), "the handler then ended normally");
    }

    /** CPython #2302: shutdown() before serveForever() returns at once, and that serveForever() returns promptly. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void shutdownBeforeServingReturnsAtOnceAndTheNextLoopEndsPromptly(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class,
                ServerOptions.builder().mode(mode).build())) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), server::shutdown, "shutdown() before serving blocked");
            // With a poll interval far beyond the test's timeout, only the pending request can end the loop.
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> server.serveForever(Duration.ofHours(1)),
                    "serveForever() after an early shutdown() did not return");
            // The request was used up: the server serves normally afterwards.
            try (ServingThread loop = ServingThread.start(server)) {
                assertEquals("again\n", TestIo.exchange(server.serverAddress(), "again\n"));
                assertTrue(loop.thread().isAlive(), "still serving after a request");
            }
        }
    }

    /**
     * shutdown() wakes the loop: it does not wait for the poll interval. The loop is first seen
     * blocked in its select (its thread's stack), so the wake-up, not an early flag, ends it.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void shutdownTakesEffectWithoutWaitingForThePollInterval(Transport transport) throws Exception {
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults())) {
            ServingThread loop = ServingThread.start(server, POLL_INTERVAL);
            awaitBlockedInSelect(loop.thread());
            long start = System.nanoTime();
            server.shutdown();
            assertNull(loop.join());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(POLL_INTERVAL.dividedBy(2)) < 0,
                    "the loop ended " + took + " after shutdown(), as if it waited for the " + POLL_INTERVAL + " poll interval");
        }
    }

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    /** Waits (at most 10 s) until {@code thread} is inside the native wait of the serve loop's select. */
    static void awaitBlockedInSelect(Thread thread) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!blockedInSelect(thread.getStackTrace())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the serve loop never blocked in its select: " + List.of(thread.getStackTrace()));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static boolean blockedInSelect(StackTraceElement[] stack) {
        return stack.length > 0 && stack[0].isNativeMethod() && List.of(stack).stream().anyMatch(frame ->
                frame.getClassName().equals(ServeLoop.class.getName()) && frame.getMethodName().equals("select"));
    }

    /** Closing the server from another thread, without shutdown(), also ends the loop. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void closeWhileServingEndsTheLoop(Transport transport) throws Exception {
        BaseServer<?> server = transport.open(dir, ServerOptions.builder().mode(Mode.VIRTUAL).build());
        ServingThread loop = ServingThread.start(server, Duration.ofHours(1));
        transport.echo(server, dir); // the loop is running
        server.close();
        assertNull(loop.join(), "serveForever ended quietly after close()");
        assertEquals(-1, server.fileno());
    }

    @Test
    void serveForeverAfterCloseIsAnIllegalState() throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class);
        server.close();
        var error = assertThrows(IllegalStateException.class, server::serveForever);
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
        assertThrows(IllegalStateException.class, server::handleRequest);
    }

    @Test
    void shutdownWhenNotServingAndTwiceIsHarmless() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class)) {
            try (ServingThread loop = ServingThread.start(server)) {
                assertEquals("x\n", TestIo.exchange(server.serverAddress(), "x\n"));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(5), server::shutdown, "a second shutdown() blocked");
        }
    }
}
