package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ForkedDispatcher;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tinylog.Level;

/**
 * Child JVM options the JVM refuses: the waiting children die before they are ready, the pool
 * stops starting them after three in a row and says why, and a request still gets a child
 * started for it (which fails the same way: the client sees its connection closed, the server
 * logs the status and keeps serving). None is left after close.
 */
@Timeout(90)
class ForkedPoolBadFlagsTest {

    @Test
    void aPoolWhoseChildrenCannotStartGivesUpAndRequestsStillGetAnAnswer() throws Exception {
        ServerOptions base = ForkedPoolTest.pooled(1);
        ServerOptions options = base.toBuilder()
                .fork(base.fork().toBuilder().jvmOptions(List.of("-XX:+NoSuchFlagOfSocketserver")).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, options)) {
            var serving = ForkedTesting.serve(server);
            LogCapture.awaitMore(0, Level.ERROR, "3 waiting children in a row exited (status 1) before they were ready");
            ForkedTesting.await(() -> ((ForkedDispatcher) server.dispatcher()).waitingChildren().isEmpty(),
                    java.time.Duration.ofSeconds(10), "no waiting child left");
            int poolDeaths = LogCapture.find(Level.WARN, "waiting child").size();
            for (int i = 0; i < 10; i++) { // each a JVM that fails to start: together longer than a refill (300 ms)
                int failedBefore = LogCapture.find(Level.WARN, "exited with status 1").size();
                try (SocketChannel client = SocketChannel.open(server.serverAddress())) { // nothing sent: no reset
                    assertEquals("", new String(TestIo.readAll(client), StandardCharsets.UTF_8),
                            "a child that cannot start closes the connection without a byte");
                }
                LogCapture.awaitMore(failedBefore, Level.WARN, "exited with status 1");
            }
            assertEquals(poolDeaths, LogCapture.find(Level.WARN, "waiting child").size(), "no waiting child started since");
            assertTrue(((ForkedDispatcher) server.dispatcher()).waitingChildren().isEmpty(), "none waiting");
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of());
        }
    }
}
