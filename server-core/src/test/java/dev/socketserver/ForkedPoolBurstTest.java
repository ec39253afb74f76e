package dev.socketserver;

import static dev.socketserver.ForkedPoolTest.awaitReady;
import static dev.socketserver.ForkedPoolTest.closeAndCheckNoneLeft;
import static dev.socketserver.ForkedPoolTest.pooled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ForkedDispatcher;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst of requests beyond the warm pool's reach, while the pool pauses ({@code PoolPace}): every
 * one is served by a child of its own, and the pool fills again afterwards. (When
 * the paused pool starts children again is {@code PoolPaceTest}'s: seen from here it races with the
 * refill the burst's first hand-offs ask for, in the old code and the new alike.)
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

                Set<Long> servedBy = new HashSet<>();
                for (SocketChannel client : clients) {
                    client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
                    String[] report = new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
                    assertEquals("ping", report[4].strip(), "the request was answered");
                    servedBy.add(Long.parseLong(report[0]));
                }
                assertEquals(BURST, servedBy.size(), "each request by a child of its own: " + servedBy);

                awaitReady(server, POOL); // the pool filled again after the burst
                assertEquals(POOL, dispatcher.waitingChildren().size(), "no more waiting children than the pool's size");
                closeAndCheckNoneLeft(server, serving, servedBy);
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        }
    }
}
