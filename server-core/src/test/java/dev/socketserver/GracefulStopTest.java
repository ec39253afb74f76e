package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.socketserver.TestHandlers.RfileLines;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tinylog.Level;

/**
 * Two-phase stop: shutdown() stops accepting at once; serverClose() lets in-flight requests go on
 * for the grace period, then closes the rest by force and logs how many were cut.
 */
@Timeout(30)
class GracefulStopTest {

    static final Duration GRACE = Duration.ofMillis(400);
    /** The in-flight test does two round trips and a close within it: an order of magnitude to spare. */
    static final Duration WIDE_GRACE = Duration.ofSeconds(4);

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void inFlightRequestsGoOnDuringTheGraceThenTheRestAreCut(Mode mode) throws Exception {
        ServerOptions options = ServerOptions.builder().mode(mode).closeGrace(WIDE_GRACE).build();
        warmUp(options); // the first server of a JVM makes lazily opened, kept descriptors (test harness, JDK)
        int baseline = Fds.baseline(); // without a server: closing it leaves nothing behind
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), RfileLines.class, options);
        var running = Running.serve(server);
        try (SocketChannel warmUp = connect(server.serverAddress())) {
            roundTrip(warmUp, "warm-up");
        }
        // Its request ends when the server reads the close: on a loaded machine, maybe after the next line.
        ForkedTesting.await(() -> server.activeCount() == 0, Duration.ofSeconds(30), "the warm-up's request ended");
        try (SocketChannel silent = connect(server.serverAddress());
             SocketChannel busy = connect(server.serverAddress());
             SocketChannel leaving = connect(server.serverAddress())) {
            roundTrip(busy, "before the stop");
            roundTrip(leaving, "before the stop");
            roundTrip(silent, "then silence");
            assertEquals(3, server.activeCount());
            // Counted before: a server of an earlier test on the same port logs under the same name.
            int cutBefore = LogCapture.find(Level.WARN, server.toString(), "2 request(s) were cut").size();

            server.shutdown(); // stops the loop at once: nothing more is accepted
            running.thread.join();
            Thread closing = Thread.ofPlatform().name("server-close").start(server::serverClose);
            ConnectionLimitTest.await(server::isClosed);

            roundTrip(busy, "during the grace period"); // in flight: still served
            leaving.close(); // ends its request within the grace: not cut
            closing.join();

            assertClosedByServer(silent);
            assertClosedByServer(busy);
            LogCapture.awaitMore(cutBefore, Level.WARN, server.toString(), "2 request(s) were cut");
            assertEquals(0, server.activeCount());
        }
        assertFalse(server.socket().isOpen());
        Fds.awaitBackTo(baseline);
    }

    /**
     * Sync mode runs the request in the serve loop's thread, so a stop from another thread (a
     * signal's shutdown hook) cannot wait for the loop first: serverClose waits for the inline
     * request for the grace period, then cuts it, and the loop returns.
     */
    @Test
    void syncServerCloseFromAnotherThreadCutsTheInlineRequestAfterTheGrace() throws Exception {
        ServerOptions options = ServerOptions.builder().mode(Mode.SYNC).closeGrace(GRACE).build();
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), RfileLines.class, options);
        var running = Running.serve(server);
        try (SocketChannel silent = connect(server.serverAddress())) {
            roundTrip(silent, "then silence"); // the handler now blocks on its next read
            assertEquals(1, server.activeCount());
            int cutBefore = LogCapture.find(Level.WARN, server.toString(), "1 request(s) were cut").size();

            server.serverClose();

            assertClosedByServer(silent);
            running.thread.join(Duration.ofSeconds(10));
            assertFalse(running.thread.isAlive(), "serveForever returned");
            LogCapture.awaitMore(cutBefore, Level.WARN, server.toString(), "1 request(s) were cut");
            assertEquals(0, server.activeCount());
        }
    }

    /** Echoes lines, marking the connection idle while it waits for the next one (as the file handler does). */
    public static final class MarkedLines extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            while (true) {
                awaitingRequest();
                byte[] line = TestIo.readLine(rfile());
                if (line.length == 0) {
                    return;
                }
                requestStarted();
                wfile().write(line);
            }
        }
    }

    /** A connection idle between requests is closed at once on a graceful stop, not after the grace, and not counted as cut. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void aConnectionIdleBetweenRequestsIsClosedAtOnce(Mode mode) throws Exception {
        ServerOptions options = ServerOptions.builder().mode(mode).closeGrace(Duration.ofSeconds(60)).build();
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), MarkedLines.class, options);
        var running = Running.serve(server);
        int cutBefore = LogCapture.find(Level.WARN, server.toString(), "were cut").size(); // the name may be reused
        try (SocketChannel idle = connect(server.serverAddress())) {
            roundTrip(idle, "one request, then waiting for the next");
            Thread closing = Thread.ofPlatform().name("server-close").start(server::serverClose);

            assertClosedByServer(idle);
            closing.join(Duration.ofSeconds(20));
            assertFalse(closing.isAlive(), "serverClose did not wait out the 60 s grace for an idle connection");
            running.thread.join(Duration.ofSeconds(10));
            assertFalse(running.thread.isAlive(), "serveForever returned");
            assertEquals(cutBefore, LogCapture.find(Level.WARN, server.toString(), "were cut").size(), "nothing was cut");
        }
    }

    /**
     * Echoes lines, marking the connection idle between them; a line "hold" is a request that
     * goes on until the client's next line, which is echoed after it.
     */
    public static final class HeldLines extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            while (true) {
                awaitingRequest();
                byte[] line = TestIo.readLine(rfile());
                if (line.length == 0) {
                    return;
                }
                requestStarted();
                if (new String(line, java.nio.charset.StandardCharsets.UTF_8).equals("hold\n")) {
                    wfile().write(line);
                    line = TestIo.readLine(rfile()); // in the middle of a request: given the grace
                }
                wfile().write(line);
            }
        }
    }

    /**
     * Forked mode too: a child whose handler waits for the next request is closed at once on a
     * stop (the parent tells it), a child in the middle of a request finishes it within the
     * grace, and neither is cut nor waited for until the end of the grace.
     */
    @Test
    void forkedChildrenIdleBetweenRequestsAreClosedAtOnceAndBusyOnesFinish() throws Exception {
        ServerOptions options = ForkedTesting.options().toBuilder().closeGrace(Duration.ofSeconds(60)).build();
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), HeldLines.class, options);
        var running = Running.serve(server);
        int cutBefore = LogCapture.find(Level.WARN, server.toString(), "were cut").size(); // the name may be reused
        try (SocketChannel idle = connect(server.serverAddress());
             SocketChannel busy = connect(server.serverAddress())) {
            roundTrip(idle, "one request, then waiting for the next");
            roundTrip(busy, "hold"); // its child is now in the middle of a request
            server.shutdown();
            running.thread.join();
            Thread closing = Thread.ofPlatform().name("server-close").start(server::serverClose);

            assertClosedByServer(idle);
            roundTrip(busy, "finished during the grace");
            assertClosedByServer(busy); // back to waiting for a request: closed then
            closing.join(Duration.ofSeconds(30));
            assertFalse(closing.isAlive(), "serverClose waited out the 60 s grace");
            assertEquals(0, server.activeCount());
            assertEquals(cutBefore, LogCapture.find(Level.WARN, server.toString(), "were cut").size(), "nothing was cut");
        }
    }

    private static void warmUp(ServerOptions options) throws Exception {
        try (var running = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), RfileLines.class, options));
             SocketChannel client = connect(running.server.serverAddress())) {
            roundTrip(client, "warm-up");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void afterShutdownNewClientsAreNotServed(Mode mode) throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), RfileLines.class,
                TestHandlers.options(mode).build());
        var running = Running.serve(server);
        try (SocketChannel before = connect(server.serverAddress())) {
            roundTrip(before, "served");
        }
        server.shutdown();
        running.thread.join();
        try (SocketChannel late = connect(server.serverAddress())) { // completes in the kernel's backlog
            late.write(java.nio.ByteBuffer.wrap("anyone?\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            server.serverClose(); // closing the listening socket resets what waits in its backlog
            assertClosedByServer(late);
        }
    }
}
