package dev.socketserver;

import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A flood beyond maxConnections waits in the backlog: never more requests in flight than the limit, all served. */
@Timeout(60)
class ConnectionLimitTest {

    static final int LIMIT = 3;
    static final int CLIENTS = 12;

    static final AtomicInteger ACTIVE = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Counts itself in flight, waits at the gate, then echoes lines. */
    public static final class GatedEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws Exception {
            int now = ACTIVE.incrementAndGet();
            PEAK.accumulateAndGet(now, Math::max);
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                byte[] line;
                while ((line = TestIo.readLine(rfile())).length > 0) {
                    wfile().write(line);
                }
            } finally {
                ACTIVE.decrementAndGet();
            }
        }
    }

    /** Counts accepted connections. */
    static final class CountingTcpServer extends TcpServer {
        final AtomicInteger accepted = new AtomicInteger();

        CountingTcpServer(ServerOptions options) throws IOException {
            super(new InetSocketAddress("127.0.0.1", 0), GatedEcho.class, options);
        }

        @Override
        protected @Nullable Accepted<SocketChannel> getRequest() throws IOException {
            Accepted<SocketChannel> request = super.getRequest();
            if (request != null) {
                accepted.incrementAndGet();
            }
            return request;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void floodWaitsInTheBacklogAndIsServedInTurn(Mode mode) throws Exception {
        gate = new CountDownLatch(0);
        ServerOptions options = ServerOptions.builder().mode(mode).requestQueueSize(CLIENTS * 2)
                .limits(Limits.builder().maxConnections(LIMIT).build()).build();
        try (var running = Running.serve(new CountingTcpServer(options))) {
            try (SocketChannel warmUp = connect(running.server.serverAddress())) {
                roundTrip(warmUp, "warm-up");
            }
            await(() -> ACTIVE.get() == 0);
            int baseline = Fds.baseline();
            int acceptedBefore = running.server.accepted.get();
            PEAK.set(0);
            gate = new CountDownLatch(1);
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    SocketChannel client = connect(running.server.serverAddress());
                    clients.add(client);
                    client.write(ByteBuffer.wrap(("client " + i + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                await(() -> ACTIVE.get() == LIMIT);
                // The loop now waits for a permit (a timed wait) instead of accepting the rest.
                await(() -> running.thread.getState() == Thread.State.TIMED_WAITING);
                assertEquals(LIMIT, running.server.accepted.get() - acceptedBefore,
                        "at the limit the server accepts no more connections");
                assertEquals(LIMIT, running.server.activeCount());
                gate.countDown();
                for (int i = 0; i < CLIENTS; i++) {
                    SocketChannel client = clients.get(i);
                    assertEquals("client " + i + "\n", readLine(client));
                    roundTrip(client, "again " + i);
                    client.close();
                }
            } finally {
                gate.countDown();
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
            assertEquals(LIMIT, PEAK.get(), "never more than the limit in flight");
            assertEquals(CLIENTS, running.server.accepted.get() - acceptedBefore, "every client was served in the end");
            Fds.awaitBackTo(baseline);
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        return new String(TestIo.readLine(java.nio.channels.Channels.newInputStream(client)), StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 20 s");
            LockSupport.parkNanos(1_000_000);
        }
    }
}
