package dev.socketserver;

import static dev.socketserver.ForkedPoolTest.awaitReady;
import static dev.socketserver.ForkedPoolTest.closeAndCheckNoneLeft;
import static dev.socketserver.ForkedPoolTest.pooled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ForkedDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst of requests beyond the warm pool's reach: every one is served, the pool does not start
 * children while the burst's own children start (they would only slow those JVM starts), and it
 * fills again afterwards.
 */
@Timeout(180)
class ForkedPoolBurstTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int POOL = 2;
    private static final int BURST = 8;

    @Test
    void aBurstBeyondThePoolsReachIsAllServedAndThePoolRefillsAfterIt() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooled(POOL))) {
            var serving = ForkedTesting.serve(server);
            Set<Long> readyBefore = awaitReady(server, POOL);
            ForkedDispatcher dispatcher = (ForkedDispatcher) server.dispatcher();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < BURST; i++) {
                    clients.add(SocketChannel.open(server.serverAddress())); // each child waits for its client's line
                }
                ForkedTesting.await(() -> dispatcher.activeCount() == BURST, STARTUP, BURST + " requests handed to children");
                Set<Long> startedForBurst = new HashSet<>(dispatcher.activeChildren());
                startedForBurst.removeAll(readyBefore);
                assertEquals(BURST - POOL, startedForBurst.size(), "children started for the requests beyond the pool");
                long lastColdStart = startedForBurst.stream().mapToLong(ForkedPoolBurstTest::startTicks).max().orElseThrow();

                Set<Long> servedBy = new HashSet<>();
                for (SocketChannel client : clients) {
                    client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
                    String[] report = new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
                    assertEquals("ping", report[4].strip(), "the request was answered");
                    servedBy.add(Long.parseLong(report[0]));
                }
                assertEquals(BURST, servedBy.size(), "each request by a child of its own: " + servedBy);

                Set<Long> refilled = awaitReady(server, POOL);
                assertTrue(servedBy.stream().noneMatch(refilled::contains), "the pool holds new children: " + refilled);
                long lastRefill = refilled.stream().mapToLong(ForkedPoolBurstTest::startTicks).max().orElseThrow();
                assertTrue(lastRefill > lastColdStart, "the pool started children again after the burst's"
                        + " (clock ticks " + lastRefill + " against " + lastColdStart + "), not among them");
                closeAndCheckNoneLeft(server, serving, servedBy);
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        }
    }

    /** When process {@code pid} started, in clock ticks since boot ({@code /proc/PID/stat}'s 22nd field). */
    private static long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]); // fields from the 3rd on
        } catch (IOException e) {
            throw new AssertionError("child " + pid + " is gone before its start time was read", e);
        }
    }
}
