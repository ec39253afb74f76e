package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tinylog.Level;

/** Failing accepts are retried with back-off, never spun on; a throwing handler is logged and the server carries on. */
@Timeout(30)
class AcceptErrorTest {

    /** A server whose accept fails (as with "too many open files") until told otherwise. */
    static final class FailingAcceptServer extends TcpServer {
        final AtomicInteger calls = new AtomicInteger();
        final List<Long> callTimes = new CopyOnWriteArrayList<>(); // System.nanoTime() of each call, as it happens
        volatile boolean failing = true;

        FailingAcceptServer() throws IOException {
            super(new InetSocketAddress("127.0.0.1", 0), TestHandlers.RfileLines.class,
                    ServerOptions.builder().mode(Mode.VIRTUAL).build());
        }

        @Override
        protected @Nullable Accepted<SocketChannel> getRequest() throws IOException {
            callTimes.add(System.nanoTime());
            calls.incrementAndGet();
            if (failing) {
                throw new IOException("Too many open files (simulated)");
            }
            return super.getRequest();
        }
    }

    @Test
    void aFailingAcceptIsRetriedWithBackOffNotSpunOn() throws Exception {
        try (var running = Running.serve(new FailingAcceptServer());
             SocketChannel client = connect(running.server.serverAddress())) {
            // The pending connection keeps the socket ready, so without back-off the loop would call
            // getRequest() thousands of times a second. The delays double from 10 ms: the first
            // seven calls are at least 10+20+40+80+160+320 ms apart in all, however fast the machine.
            // The times are taken by the server as each call happens, not when the test sees it.
            ConnectionLimitTest.await(() -> running.server.calls.get() >= 7);
            List<Long> times = running.server.callTimes;
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(times.get(6) - times.get(0));
            assertTrue(elapsedMillis >= 630 - 10, "7 calls came within " + elapsedMillis + " ms: no back-off");
            assertTrue(!LogCapture.find(Level.WARN, "taking a request failed", "Too many open files").isEmpty());

            running.server.failing = false; // the condition clears: the waiting client is served
            roundTrip(client, "served after all");
        }
    }

    @Test
    void backOffWaitsCountAFewCallsPerSecondAtMost() throws Exception {
        try (var running = Running.serve(new FailingAcceptServer());
             SocketChannel client = connect(running.server.serverAddress())) {
            ConnectionLimitTest.await(() -> running.server.calls.get() >= 1);
            long first = running.server.callTimes.getFirst();
            // Observe for a bounded period; at most the calls the back-off schedule allows fit in it.
            long window = TimeUnit.MILLISECONDS.toNanos(1300);
            ConnectionLimitTest.await(() -> System.nanoTime() - first >= window);
            long calls = running.server.callTimes.stream().filter(time -> time - first < window).count();
            assertTrue(calls <= 10, calls + " accept attempts in 1.3 s: the loop spins");
            running.server.failing = false;
            roundTrip(client, "served after all");
        }
    }

    /** Throws on the line "boom", echoes anything else. */
    public static final class Explosive extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line = TestIo.readLine(rfile());
            if (new String(line, StandardCharsets.UTF_8).equals("boom\n")) {
                throw new IllegalStateException("handler exploded on purpose");
            }
            wfile().write(line);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aThrowingHandlerIsLoggedWithTheClientAndTheServerCarriesOn(Mode mode) throws Exception {
        try (var running = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), Explosive.class,
                TestHandlers.options(mode).build()))) {
            try (SocketChannel warmUp = connect(running.server.serverAddress())) {
                roundTrip(warmUp, "warm-up");
            }
            int baseline = Fds.baseline(running.server); // a forked server: once its pool is full
            try (SocketChannel client = connect(running.server.serverAddress())) {
                client.write(ByteBuffer.wrap("boom\n".getBytes(StandardCharsets.UTF_8)));
                assertClosedByServer(client);
                // A forked child's log reaches the server's as lines of the child's output.
                LogCapture.awaitMore(0, mode == Mode.FORKED ? Level.INFO : Level.ERROR,
                        "request from " + client.getLocalAddress() + " failed", "handler exploded on purpose");
            }
            try (SocketChannel next = connect(running.server.serverAddress())) {
                roundTrip(next, "still here");
            }
            Fds.awaitBackTo(baseline, running.server);
        }
    }
}
