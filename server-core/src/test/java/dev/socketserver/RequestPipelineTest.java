package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.PendingRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request pipeline's hooks: CPython's test_shutdown_request_called_if_verify_request_false,
 * test_threads_reaped, and {@code handleRequest()} with a timeout.
 */
@Timeout(60)
class RequestPipelineTest {

    /** How many handlers ran, across servers of one test. */
    static final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void reset() {
        handled.set(0);
    }

    /** Counts itself, then echoes a line. */
    public static final class CountingEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            handled.incrementAndGet();
            wfile().write(TestIo.readLine(rfile()));
        }
    }

    /** Answers with the name of the thread it runs in. */
    public static final class ThreadName extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            wfile().write(Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Refuses every request and records each it had to shut down. */
    static final class RefusingServer extends TcpServer {
        final List<SocketChannel> shutDown = new CopyOnWriteArrayList<>();

        RefusingServer() throws IOException {
            super(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class);
        }

        @Override
        protected boolean verifyRequest(SocketChannel request, SocketAddress clientAddress) {
            return false;
        }

        @Override
        protected void shutdownRequest(SocketChannel request) {
            shutDown.add(request);
            super.shutdownRequest(request);
        }
    }

    /** Counts calls of handleTimeout. */
    static final class TimingOutServer extends TcpServer {
        final AtomicInteger timeouts = new AtomicInteger();

        TimingOutServer(Duration timeout) throws IOException {
            super(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class,
                    ServerOptions.builder().timeout(timeout).build());
        }

        @Override
        protected void handleTimeout() {
            timeouts.incrementAndGet();
        }
    }

    @Test
    void shutdownRequestIsCalledWhenVerifyRequestFails() throws Exception {
        try (var server = new RefusingServer();
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
            server.handleRequest();
            assertEquals(1, server.shutDown.size(), "shutdownRequest called once");
            assertFalse(server.shutDown.getFirst().isOpen(), "and the request's connection closed");
            assertEquals(0, TestIo.readAll(client).length, "the client sees the connection end unanswered");
            assertEquals(0, handled.get(), "no handler ran");
        }
    }

    @Test
    void handleRequestCallsHandleTimeoutWhenNoRequestComes() throws Exception {
        try (var server = new TimingOutServer(Duration.ofMillis(50))) {
            server.handleRequest();
            assertEquals(1, server.timeouts.get());
            assertEquals(0, handled.get());
            server.handleRequest();
            assertEquals(2, server.timeouts.get(), "each call waits once and times out once");
        }
    }

    @Test
    void handleRequestWithATimeoutServesAWaitingRequest() throws Exception {
        try (var server = new TimingOutServer(Duration.ofSeconds(20));
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.UTF_8)));
            server.handleRequest();
            assertEquals("hi\n", new String(TestIo.readAll(client), StandardCharsets.UTF_8));
            assertEquals(0, server.timeouts.get(), "no timeout when a request came");
            assertEquals(1, handled.get());
        }
    }

    /**
     * CPython #37193 (test_threads_reaped): a threaded server does not keep every request's
     * thread. After many requests nothing is in flight, every request thread has ended, and
     * the count stays at zero batch after batch.
     */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void requestThreadsAreReaped(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class,
                ServerOptions.builder().mode(mode).build());
             ServingThread loop = ServingThread.start(server)) {
            for (int batch = 1; batch <= 3; batch++) {
                for (int i = 0; i < 50; i++) {
                    assertEquals(i + "\n", TestIo.exchange(server.serverAddress(), i + "\n"));
                }
                assertEquals(0, server.dispatcher().awaitInFlight(Duration.ofSeconds(10)),
                        "batch " + batch + ": the requests ended without being cut");
                assertEquals(0, server.activeCount(), "batch " + batch + ": nothing in flight");
                assertEquals(batch * 50, handled.get());
            }
            if (mode == Mode.THREADED) {
                assertNoRequestThreadOutlives(server);
            }
        }
    }

    /** Platform request threads end right after their request; join each one still seen. */
    private static void assertNoRequestThreadOutlives(BaseServer<?> server) throws InterruptedException {
        String prefix = "socketserver-" + server.getClass().getSimpleName() + "-request-";
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                assertTrue(thread.join(Duration.ofSeconds(10)), thread.getName() + " ended");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void requestThreadsAreNamedAfterTheServer(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), ThreadName.class,
                ServerOptions.builder().mode(mode).build());
             ServingThread loop = ServingThread.start(server)) {
            String first = TestIo.exchange(server.serverAddress(), "");
            String second = TestIo.exchange(server.serverAddress(), "");
            assertTrue(first.matches("socketserver-TcpServer-(request|virtual)-\\d+"), first);
            assertNotEquals(first, second, "each request has its own thread: " + first + ", " + second);
        }
    }

    /** CPython's service_actions: called by the loop once per poll interval while idle. */
    @Test
    void serviceActionsRunWhileIdle() throws Exception {
        CountDownLatch calls = new CountDownLatch(3);
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class) {
                    @Override
                    protected void serviceActions() {
                        super.serviceActions();
                        calls.countDown();
                    }
                };
             ServingThread loop = ServingThread.start(server, Duration.ofMillis(5))) {
            assertTrue(calls.await(10, TimeUnit.SECONDS), "serviceActions ran three times without any request");
        }
    }

    /** A failing accept (say, out of descriptors) is retried after a back-off, and the server recovers. */
    @Test
    void aFailingAcceptIsRetriedAndTheServerRecovers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class) {
                    @Override
                    protected @Nullable Accepted<SocketChannel> getRequest() throws IOException {
                        if (attempts.incrementAndGet() <= 3) {
                            throw new IOException("Too many open files (simulated)");
                        }
                        return super.getRequest();
                    }
                };
             ServingThread loop = ServingThread.start(server)) {
            assertTrue(server.toString().startsWith("TcpServer[sync "), "an anonymous subclass logs as what it is: " + server);
            assertEquals("after\n", TestIo.exchange(server.serverAddress(), "after\n"));
            assertEquals(4, attempts.get(), "three failures, then the accept that worked");
        }
    }

    /** A request the dispatcher refuses (it throws) goes to handleError and is closed; the server goes on. */
    @Test
    void aRequestTheDispatcherRefusesIsClosedAndReported() throws Exception {
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class) {
                    @Override
                    protected Dispatcher createDispatcher(ServerOptions options) {
                        return new RefusingDispatcher();
                    }

                    @Override
                    protected void handleError(SocketChannel request, SocketAddress client, Exception error) {
                        errors.add(error);
                    }
                };
             ServingThread loop = ServingThread.start(server)) {
            for (int i = 0; i < 2; i++) {
                assertEquals("", TestIo.exchange(server.serverAddress(), "hello\n"), "closed unanswered");
                assertInstanceOf(RejectedExecutionException.class, errors.poll(10, TimeUnit.SECONDS));
            }
            assertEquals(0, handled.get());
        }
    }

    /**
     * The permit is a value with one owner: a request the dispatcher refuses gives its permit back
     * (the task holds it), and a request served inline by a processRequest override that builds no
     * task has its permit released by the loop. With one permit, a leak would stop the second
     * request from being accepted at all.
     */
    @Test
    void everyPermitComesBackWhoeverHeldIt() throws Exception {
        ServerOptions onePermit = ServerOptions.builder().limits(Limits.builder().maxConnections(1).build()).build();
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        try (var refusing = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class, onePermit) {
                    @Override
                    protected Dispatcher createDispatcher(ServerOptions options) {
                        return new RefusingDispatcher();
                    }

                    @Override
                    protected void handleError(SocketChannel request, SocketAddress client, Exception error) {
                        errors.add(error);
                    }
                };
             ServingThread loop = ServingThread.start(refusing)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("", TestIo.exchange(refusing.serverAddress(), "hello\n"), "closed unanswered");
                assertInstanceOf(RejectedExecutionException.class, errors.poll(10, TimeUnit.SECONDS), "request " + i);
            }
        }
        try (var inline = new TcpServer(new InetSocketAddress("127.0.0.1", 0), CountingEcho.class, onePermit) {
                    @Override
                    protected void processRequest(SocketChannel request, SocketAddress client) {
                        try {
                            finishRequest(request, client);
                        } catch (Exception e) {
                            handleError(request, client, e);
                        }
                        shutdownRequest(request);
                    }
                };
             ServingThread loop = ServingThread.start(inline)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("hello\n", TestIo.exchange(inline.serverAddress(), "hello\n"), "request " + i);
            }
            assertEquals(3, handled.get());
        }
    }

    /** Refuses everything, as a dispatcher at its limit would. */
    static final class RefusingDispatcher implements Dispatcher {
        @Override
        public void dispatch(PendingRequest request) {
            throw new RejectedExecutionException("no room for " + request.clientAddress());
        }

        @Override
        public int activeCount() {
            return 0;
        }

        @Override
        public int awaitInFlight(@Nullable Duration grace) {
            return 0;
        }
    }
}
