package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's child bookkeeping: {@code maxChildren} back-pressure, {@code activeChildren},
 * {@code blockOnClose} and its grace period, and the server leaving processes it did not start alone.
 */
@Timeout(60)
class ForkedChildrenTest {

    private static ServerOptions options(int maxChildren) {
        ServerOptions base = ForkedTesting.options();
        return base.toBuilder().fork(base.fork().toBuilder().maxChildren(maxChildren).build()).build();
    }

    /** Sends its pid, then holds the connection until the client closes it. */
    static SocketChannel hold(TcpServer server) throws IOException {
        SocketChannel client = SocketChannel.open(server.serverAddress());
        client.write(ByteBuffer.wrap("hold\n".getBytes(StandardCharsets.US_ASCII)));
        return client;
    }

    static long readPid(SocketChannel client) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (client.read(one.clear()) > 0 && one.get(0) != '\n') {
            line.append((char) one.get(0));
        }
        return Long.parseLong(line.toString());
    }

    /** Whether the client gets a byte within {@code wait} (a started child sends its pid at once). */
    static boolean answersWithin(SocketChannel client, Duration wait) throws IOException {
        client.socket().setSoTimeout(Math.toIntExact(wait.toMillis()));
        try {
            return client.socket().getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            client.socket().setSoTimeout(0);
        }
    }

    @Test
    void atTheLimitTheServerWaitsForAChildToEnd() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2))) {
            Thread serving = ForkedTesting.serve(server);
            try (SocketChannel first = hold(server); SocketChannel second = hold(server)) {
                long firstPid = readPid(first);
                long secondPid = readPid(second);
                assertEquals(Set.of(firstPid, secondPid), server.forkedChildren().orElseThrow().activeChildren());

                try (SocketChannel third = hold(server)) {
                    assertFalse(answersWithin(third, Duration.ofMillis(700)),
                            "no third child while two run (maxChildren = 2)");
                    assertEquals(2, server.activeCount());

                    first.close(); // its child sees end of stream and exits
                    long thirdPid = readPid(third);
                    assertEquals(Set.of(secondPid, thirdPid), server.forkedChildren().orElseThrow().activeChildren());
                }
            }
            server.shutdown();
            serving.join();
        }
    }

    @Test
    void serverCloseWaitsForRunningChildren() throws Exception {
        var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2));
        Thread serving = ForkedTesting.serve(server);
        try (SocketChannel client = hold(server)) {
            long pid = readPid(client);
            server.shutdown();
            serving.join();
            Thread closer = Thread.ofPlatform().name("closer").start(server::serverClose);
            closer.join(Duration.ofMillis(500));
            assertTrue(closer.isAlive(), "serverClose waits while a child runs (blockOnClose)");
            assertEquals(Set.of(pid), server.forkedChildren().orElseThrow().activeChildren());
            client.close(); // the child ends
            closer.join();
            assertEquals(0, server.activeCount());
            assertFalse(ForkedTesting.exists(pid), "reaped");
        }
    }

    @Test
    void afterTheGracePeriodServerCloseEndsTheChildren() throws Exception {
        ServerOptions options = options(2).toBuilder().closeGrace(Duration.ofMillis(200)).build();
        var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options);
        Thread serving = ForkedTesting.serve(server);
        try (SocketChannel client = hold(server)) {
            long pid = readPid(client);
            server.shutdown();
            serving.join();
            server.serverClose(); // the child would hold forever: it is terminated after 200 ms
            assertEquals(0, server.activeCount());
            assertFalse(ForkedTesting.isRunning(pid));
            assertEquals(0, TestIo.readAll(client).length, "the client sees the connection end");
        }
    }

    /** A child that ignores SIGTERM gets SIGKILL 5 s later (never sooner), and serverClose then returns. */
    @Test
    void aChildIgnoringSigtermIsKilledFiveSecondsLater() throws Exception {
        ServerOptions options = options(2).toBuilder().closeGrace(Duration.ofMillis(200)).build();
        var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options);
        Thread serving = ForkedTesting.serve(server);
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("stubborn\n".getBytes(StandardCharsets.US_ASCII)));
            long pid = readPid(client); // its SIGTERM handler is in place before it sends the pid
            server.shutdown();
            serving.join();
            long start = System.nanoTime();
            server.serverClose();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertFalse(ForkedTesting.isRunning(pid), "the child was killed");
            assertTrue(took.compareTo(Duration.ofSeconds(5)) >= 0, "SIGKILL came only 5 s after SIGTERM: " + took);
            assertEquals(0, server.activeCount());
            LogCapture.awaitMore(0, org.tinylog.Level.WARN, "child " + pid + " ", "exited with status 137"); // 128 + SIGKILL
            assertEquals(0, TestIo.readAll(client).length, "the client sees the connection end");
        }
    }

    /** A handler in a child that calls server().shutdown() is refused with a clear message; the server serves on. */
    @Test
    void aChildsServerShutdownIsRefusedAndTheServerGoesOn() throws Exception {
        var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2));
        Thread serving = ForkedTesting.serve(server);
        try {
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                client.write(ByteBuffer.wrap("shutdown\n".getBytes(StandardCharsets.US_ASCII)));
                String reply = new String(TestIo.readAll(client), StandardCharsets.UTF_8);
                assertEquals("refused: shutdown() is not available in a forked child: it serves one request and"
                        + " exits; stop the parent server instead\n", reply);
            }
            try (SocketChannel next = hold(server)) {
                assertTrue(readPid(next) > 0, "the server still serves");
            }
            assertTrue(serving.isAlive(), "the serve loop goes on");
        } finally {
            server.shutdown();
            serving.join();
            server.serverClose();
        }
    }

    @Test
    void processesTheServerDidNotStartAreLeftAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        Process exiter = new ProcessBuilder("sh", "-c", "exit 7").start();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2))) {
            Thread serving = ForkedTesting.serve(server);
            long childPid;
            try (SocketChannel client = hold(server)) {
                childPid = readPid(client);
                assertEquals(Set.of(childPid), server.forkedChildren().orElseThrow().activeChildren(), "only the server's own child counts");
            }
            ForkedTesting.awaitExit(childPid, Duration.ofSeconds(10));
            server.forkedChildren().orElseThrow().collectChildren();
            server.shutdown();
            serving.join();
        }
        assertEquals(7, exiter.waitFor(), "the exit status of our own process was not taken by the server");
        assertTrue(sleeper.isAlive(), "serverClose neither waited for nor ended a process it did not start");
        sleeper.destroy();
        sleeper.waitFor();
    }

    @Test
    void aClientThatVanishesAtOnceCostsOnlyItsOwnChild() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2))) {
            Thread serving = ForkedTesting.serve(server);
            for (int i = 0; i < 2; i++) {
                try (SocketChannel vanishing = SocketChannel.open(server.serverAddress())) {
                    vanishing.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST
                }
            }
            try (SocketChannel client = hold(server)) {
                readPid(client); // the server went on serving
            }
            ForkedTesting.await(() -> server.forkedChildren().orElseThrow().collectChildren() == 0, Duration.ofSeconds(20), "every child ended");
            server.shutdown();
            serving.join();
        }
    }

    @Test
    void theServerKeepsNoDescriptorOfItsChildren() throws Exception {
        long before = openDescriptors();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0),
                ForkedServerProcess.Scripted.class, options(2))) {
            Thread serving = ForkedTesting.serve(server);
            for (int i = 0; i < 3; i++) {
                try (SocketChannel client = hold(server)) {
                    readPid(client);
                }
            }
            server.shutdown();
            serving.join();
        }
        // The connections' copies are closed at once; each child's output pipes when it has ended.
        ForkedTesting.await(() -> openDescriptors() <= before, Duration.ofSeconds(10),
                "open descriptors back to " + before);
    }

    /** Sockets, pipes and files: not the epoll instances the JDK opens lazily (see OpenDescriptors). */
    private static long openDescriptors() {
        return dev.socketserver.internal.OpenDescriptors.count();
    }
}
