package dev.socketserver;

import static dev.socketserver.ForkedPoolTest.awaitReady;
import static dev.socketserver.ForkedPoolTest.closeAndCheckNoneLeft;
import static dev.socketserver.ForkedPoolTest.pooled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ForkedDispatcher;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the warm pool starts a replacement for a child it handed a request: not while that request
 * is being served when another child is ready (a JVM start would compete with it for the cores),
 * but once its child has exited; at once when no other child is ready (the next request would
 * otherwise find the pool empty).
 */
@Timeout(90)
class ForkedPoolRefillTest {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** Ten times the 300 ms after which the pool used to start a replacement, busy request or not. */
    private static final Duration BUSY = Duration.ofSeconds(3);

    @Test
    void withAnotherChildReadyTheReplacementStartsOnceTheHandedOffChildHasExited() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooled(2))) {
            var serving = ForkedTesting.serve(server);
            Set<Long> ready = awaitReady(server, 2);
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                // The handler waits for the line: its child is busy until the client sends it.
                ForkedTesting.await(() -> waiting(server).size() == 1, STARTUP, "one of the two children handed the request");
                Set<Long> others = waiting(server);
                Set<Long> handed = new HashSet<>(ready);
                handed.removeAll(others);
                assertEquals(1, handed.size(), "ready " + ready + ", still waiting " + others);
                long busy = handed.iterator().next();
                Thread.sleep(BUSY.toMillis()); // the request stays busy this long; no event can stand for "nothing started"
                assertEquals(others, waiting(server), "no replacement was started while child " + busy + " served its request");
                long pid = Long.parseLong(answer(client)[0]);
                assertEquals(busy, pid, "the request was served by the child handed it");
                ForkedTesting.awaitExit(busy, Duration.ofSeconds(10));
            }
            ForkedTesting.await(() -> waiting(server).size() == 2, STARTUP, "a replacement once the busy child exited");
            closeAndCheckNoneLeft(server, serving, Set.of());
        }
    }

    @Test
    void withNoOtherChildReadyTheReplacementStartsWhileTheRequestIsServed() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooled(1))) {
            var serving = ForkedTesting.serve(server);
            long busy = awaitReady(server, 1).iterator().next();
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                ForkedTesting.await(() -> !waiting(server).isEmpty() && !waiting(server).contains(busy), STARTUP,
                        "a replacement started while child " + busy + " waits for its client's line");
                assertTrue(ForkedTesting.isRunning(busy), "child " + busy + " still serves its request");
                assertEquals(busy, Long.parseLong(answer(client)[0]), "the request was served by the child handed it");
            }
            closeAndCheckNoneLeft(server, serving, Set.of(busy));
        }
    }

    private static Set<Long> waiting(BaseServer<?> server) {
        return ((ForkedDispatcher) server.dispatcher()).waitingChildren();
    }

    /** Sends the handler its line; its report. */
    private static String[] answer(SocketChannel client) throws Exception {
        client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
        return new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
    }
}
