package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingDatagramEcho;
import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ChildAddresses;
import dev.socketserver.fork.ForkedDispatcher;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@link ForkOptions#requestsPerChild()} on every transport: with 3, one pooled child serves three
 * requests one after another (it is ready again after each, and counted as waiting), then exits,
 * and the fourth request goes to another child; the pool never holds more children than
 * {@code maxChildren}. Through junixsocket, and for TCP and UDP through the hand-off library too.
 */
@Timeout(120)
class ForkedPoolReuseTest {

    private static final int REQUESTS_PER_CHILD = 3;
    private static final int MAX_CHILDREN = 2;

    @TempDir
    Path dir;

    static ServerOptions reusing() {
        ServerOptions options = ForkedTesting.options();
        return options.toBuilder().fork(options.fork().toBuilder().maxChildren(MAX_CHILDREN).warmChildren(1)
                .requestsPerChild(REQUESTS_PER_CHILD).build()).build();
    }

    @Test
    void tcp() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, reusing())) {
            checkReuse(server, () -> ForkedPoolTest.stream(server, StandardProtocolFamily.INET));
        }
    }

    @Test
    void tcpWithTheHandOffLibrary() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class,
                ForkedTesting.withHandOffLibrary(reusing()))) {
            checkReuse(server, () -> ForkedPoolTest.stream(server, StandardProtocolFamily.INET));
        }
    }

    @Test
    void udpWithTheHandOffLibrary() throws Exception {
        try (var server = UdpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingDatagramEcho.class,
                ForkedTesting.withHandOffLibrary(reusing()));
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            checkReuse(server, () -> datagram(server, client));
        }
    }

    @Test
    void tcpIpv6() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("::1", 0), ReportingEcho.class, reusing())) {
            checkReuse(server, () -> ForkedPoolTest.stream(server, StandardProtocolFamily.INET6));
        }
    }

    @Test
    void unixStream() throws Exception {
        try (var server = UnixStreamServer.forking(dir.resolve("reuse.sock"), ReportingEcho.class, reusing())) {
            checkReuse(server, () -> ForkedPoolTest.stream(server, StandardProtocolFamily.UNIX));
        }
    }

    @Test
    void udp() throws Exception {
        try (var server = UdpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingDatagramEcho.class, reusing());
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            checkReuse(server, () -> datagram(server, client));
        }
    }

    @Test
    void unixDatagram() throws Exception {
        try (var server = UnixDatagramServer.forking(dir.resolve("reuse.dgram"), ReportingDatagramEcho.class, reusing());
             DatagramChannel client = AFUNIXDatagramChannel.open()) {
            client.bind(AFUNIXSocketAddress.of(dir.resolve("client.dgram")));
            checkReuse(server, () -> datagram(server, client));
        }
    }

    /**
     * Four requests, each once a child is ready (the child that served the last one is ready again
     * when it has requests left): the first three go to one child, which then exits; the fourth
     * to its replacement.
     */
    private static void checkReuse(BaseServer<?> server, Callable<String[]> request) throws Exception {
        var serving = ForkedTesting.serve(server);
        ForkedDispatcher children = (ForkedDispatcher) server.dispatcher();
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i <= REQUESTS_PER_CHILD; i++) {
            Set<Long> ready = ForkedPoolTest.awaitReady(server, 1);
            long pid = Long.parseLong(request.call()[0]);
            assertTrue(ready.contains(pid), "request " + i + " went to a ready child: " + pid + " not in " + ready);
            pids.add(pid);
            assertTrue(children.waitingChildren().size() + children.activeCount() <= MAX_CHILDREN,
                    "waiting " + children.waitingChildren() + " and busy " + children.activeChildren());
        }
        long first = pids.getFirst();
        assertEquals(List.of(first, first, first), pids.subList(0, REQUESTS_PER_CHILD), "one child, three requests");
        assertNotEquals(first, pids.getLast(), "the fourth request goes to another child");
        ForkedTesting.awaitExit(first, Duration.ofSeconds(10)); // it exited after its third
        ForkedTesting.await(() -> !children.waitingChildren().contains(first), Duration.ofSeconds(10), "forgotten");
        ForkedPoolTest.closeAndCheckNoneLeft(server, serving, new HashSet<>(pids));
    }

    /** Replies its process id; throws on {@code boom}. */
    public static final class PidOrBoom extends StreamRequestHandler {
        @Override
        protected void handle() throws java.io.IOException {
            if (new String(TestIo.readLine(rfile()), StandardCharsets.UTF_8).equals("boom\n")) {
                throw new IllegalStateException("handler exploded on purpose");
            }
            wfile().write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFailedRequestEndsItsChildWhichIsLoggedWithTheClient() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), PidOrBoom.class, reusing())) {
            var serving = ForkedTesting.serve(server);
            long first = pidFor(server, ForkedPoolTest.awaitReady(server, 1));
            assertTrue(ForkedPoolTest.awaitReady(server, 1).contains(first), "ready again after its first request");
            int logged = LogCapture.find(org.tinylog.Level.WARN, "exited with status 1").size();
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                client.write(ByteBuffer.wrap("boom\n".getBytes(StandardCharsets.UTF_8)));
                assertEquals(0, TestIo.readAll(client).length, "closed without a reply");
                int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
                LogCapture.awaitMore(logged, org.tinylog.Level.WARN, "child " + first, ":" + port, "exited with status 1");
            }
            ForkedTesting.awaitExit(first, Duration.ofSeconds(10)); // not back in the pool with requests left
            long next = pidFor(server, ForkedPoolTest.awaitReady(server, 1));
            assertNotEquals(first, next, "the request after a failure gets a fresh JVM");
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of(first, next));
        }
    }

    private static long pidFor(BaseServer<?> server, Set<Long> ready) throws Exception {
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.UTF_8)));
            long pid = Long.parseLong(new String(TestIo.readAll(client), StandardCharsets.UTF_8));
            assertTrue(ready.contains(pid), pid + " was ready: " + ready);
            return pid;
        }
    }

    /** One datagram and its reply, checked for the addresses; the child's report. */
    private static String[] datagram(BaseServer<?> server, DatagramChannel client) throws Exception {
        client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), server.serverAddress());
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        client.receive(buffer);
        String[] report = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\\|", 5);
        assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2], "client address in the child");
        assertEquals("ping", report[4]);
        return report;
    }
}
