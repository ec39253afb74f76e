package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code blockOnClose}, {@code closeGrace} and {@code daemonThreads}: serverClose waits for
 * requests in flight (as CPython's ThreadingMixIn does), a grace period bounds that wait and
 * force-closes the stragglers, and daemon request threads are not waited for.
 */
@Timeout(30)
class BlockOnCloseTest {

    /** One test's meeting points with its handler; a handler takes the current one when it starts. */
    static final class Rendezvous {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean finished;
        final CompletableFuture<Boolean> daemon = new CompletableFuture<>();
        final CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
    }

    static volatile Rendezvous current = new Rendezvous();

    @BeforeEach
    void arm() {
        current = new Rendezvous();
    }

    @AfterEach
    void releaseHandlers() {
        current.release.countDown();
    }

    /** Signals that it runs, waits for the test, then marks itself finished. */
    public static final class WaitsForRelease extends StreamRequestHandler {
        @Override
        protected void handle() throws InterruptedException {
            Rendezvous test = current;
            try {
                test.daemon.complete(Thread.currentThread().isDaemon());
                test.started.countDown();
                test.finished = test.release.await(20, TimeUnit.SECONDS);
            } finally {
                test.ended.countDown();
            }
        }
    }

    /** Blocks reading from a client that never writes: only a force-close can end it. */
    public static final class ReadsForever extends StreamRequestHandler {
        @Override
        protected void handle() {
            Rendezvous test = current;
            test.started.countDown();
            try {
                rfile().read();
            } catch (IOException e) {
                test.readFailure.complete(e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void serverCloseWaitsForRequestsInFlight(Mode mode) throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), WaitsForRelease.class,
                ServerOptions.builder().mode(mode).build());
        try (ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            assertTrue(current.started.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> finishedWhenCloseReturned = new CompletableFuture<>();
            Thread closer = Thread.ofPlatform().name("closer").start(() -> {
                server.serverClose();
                finishedWhenCloseReturned.complete(current.finished);
            });
            awaitBlockedOrEnded(closer);
            current.release.countDown();
            assertTrue(finishedWhenCloseReturned.get(10, TimeUnit.SECONDS),
                    "serverClose returned only after the request had finished");
            assertEquals(0, server.activeCount());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void closeGraceBoundsTheWaitAndForceClosesTheRequest(Mode mode) throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), ReadsForever.class,
                ServerOptions.builder().mode(mode).closeGrace(Duration.ofMillis(100)).build());
        try (ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            assertTrue(current.started.await(10, TimeUnit.SECONDS));
            server.serverClose(); // returns after the grace period: the test's timeout bounds it
            assertInstanceOf(ClosedChannelException.class, current.readFailure.get(10, TimeUnit.SECONDS),
                    "the handler's blocked read was ended by the force-close");
            assertEquals(0, server.activeCount(), "nothing in flight after a forced close");
            assertEquals(0, TestIo.readAll(client).length, "the client sees the connection end");
        }
    }

    @Test
    void withoutBlockOnCloseServerCloseDoesNotWait() throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), WaitsForRelease.class,
                ServerOptions.builder().mode(Mode.THREADED).blockOnClose(false).build());
        assertCloseDoesNotWait(server);
    }

    @Test
    void daemonThreadsAreDaemonsAndNotWaitedFor() throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), WaitsForRelease.class,
                ServerOptions.builder().mode(Mode.THREADED).daemonThreads(true).build());
        assertCloseDoesNotWait(server);
        assertTrue(current.daemon.get(10, TimeUnit.SECONDS), "the request thread is a daemon");
    }

    @Test
    void threadedRequestThreadsAreNotDaemonsByDefault() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), WaitsForRelease.class,
                ServerOptions.builder().mode(Mode.THREADED).build());
             ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            assertFalse(current.daemon.get(10, TimeUnit.SECONDS), "CPython's daemon_threads defaults to False");
            current.release.countDown();
        }
    }

    /** serverClose returns while the handler still waits; the handler finishes after it. */
    private static void assertCloseDoesNotWait(TcpServer server) throws Exception {
        try (ServingThread loop = ServingThread.start(server);
             SocketChannel client = SocketChannel.open(server.serverAddress())) {
            assertTrue(current.started.await(10, TimeUnit.SECONDS));
            server.serverClose();
            assertFalse(current.finished, "serverClose returned while the request was still running");
            assertEquals(1, server.activeCount());
            current.release.countDown();
            assertTrue(current.ended.await(10, TimeUnit.SECONDS), "the request finished after the close");
            assertTrue(current.finished);
        }
    }

    /** Waits until {@code thread} blocks (waits on a condition) or ends, without sleeping. */
    private static void awaitBlockedOrEnded(Thread thread) {
        while (thread.isAlive() && thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
    }
}
