package dev.socketserver;

import dev.socketserver.fork.ForkedDispatcher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingDatagramEcho;
import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ChildAddresses;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The warm pool ({@link ForkOptions#warmChildren()}) on every transport: a request is served by a
 * child that was running, and ready, before the request came; the handler sees the same server
 * address, client address and configuration as a child started for its request; closing the
 * server ends the waiting children and leaves none. The transports' tests hand off through the
 * hand-off library ({@link #pooledWithHandOffLibrary}), the rest through junixsocket
 * ({@code ForkedPoolReuseTest} runs every transport that way).
 */
@Timeout(90)
class ForkedPoolTest {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A pool of {@code warm} children; their hand-off goes through junixsocket (see {@link #pooledWithHandOffLibrary}). */
    static ServerOptions pooled(int warm) {
        ServerOptions options = ForkedTesting.options();
        return options.toBuilder().fork(options.fork().toBuilder().warmChildren(warm).build()).build();
    }

    @Test
    void tcpRequestsGoToChildrenStartedAhead() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooledWithHandOffLibrary(2))) {
            var serving = ForkedTesting.serve(server);
            Set<Long> children = new HashSet<>();
            for (int i = 0; i < 3; i++) { // more requests than waiting children: replacements serve too
                Set<Long> ready = awaitReady(server, 1);
                String[] report = stream(server, StandardProtocolFamily.INET);
                long pid = Long.parseLong(report[0]);
                assertTrue(ready.contains(pid), "child " + pid + " was waiting before request " + i + ": " + ready);
                assertTrue(children.add(pid), "one request per child");
            }
            closeAndCheckNoneLeft(server, serving, children);
        }
    }

    @Test
    void manyPooledRequestsLeaveNoDescriptorAndNoChild() throws Exception {
        try (var first = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooled(1))) {
            var serving = ForkedTesting.serve(first); // once: what junixsocket and the JDK open for good
            awaitReady(first, 1);
            stream(first, StandardProtocolFamily.INET);
            closeAndCheckNoneLeft(first, serving, Set.of());
        }
        long before = openDescriptors();
        Set<Long> children = new HashSet<>();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooledWithHandOffLibrary(2))) {
            var serving = ForkedTesting.serve(server);
            for (int i = 0; i < 30; i++) {
                children.add(Long.parseLong(stream(server, StandardProtocolFamily.INET)[0]));
            }
            closeAndCheckNoneLeft(server, serving, children);
        }
        ForkedTesting.await(() -> openDescriptors() <= before, Duration.ofSeconds(20), "descriptors back to " + before
                + "; now " + openDescriptors() + ": " + describeDescriptors());
    }

    private static String describeDescriptors() {
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return fd.getFileName() + "=" + java.nio.file.Files.readSymbolicLink(fd);
                } catch (java.io.IOException e) {
                    return fd.getFileName() + "=?";
                }
            }).collect(java.util.stream.Collectors.joining(" "));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long openDescriptors() {
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Says whether its own warm-up hook ran in this JVM before the request, and whether the timer
     * thread was running already (the pool's warm-up starts it; nothing else here does).
     */
    public static final class WarmedEcho extends StreamRequestHandler {
        private static volatile boolean warmed;

        @Override
        public void warmUp() {
            warmed = true;
        }

        @Override
        protected void handle() throws java.io.IOException {
            boolean timer = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().equals("socketserver-timer"));
            wfile().write(("warmed=" + warmed + " timer=" + timer).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWaitingChildRunsTheWarmUpsBeforeItsRequestAndAColdOneDoesNot() throws Exception {
        for (int warm : new int[] {1, 0}) {
            try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), WarmedEcho.class, pooled(warm))) {
                var serving = ForkedTesting.serve(server);
                if (warm > 0) {
                    awaitReady(server, 1);
                }
                try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                    assertEquals("warmed=" + (warm > 0) + " timer=" + (warm > 0), new String(TestIo.readAll(client), StandardCharsets.UTF_8));
                }
                closeAndCheckNoneLeft(server, serving, Set.of());
            }
        }
    }

    @Test
    void aWaitingChildThatDiesIsReplacedAndNeverHandedARequest() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooled(1))) {
            var serving = ForkedTesting.serve(server);
            long killed = awaitReady(server, 1).iterator().next();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            ForkedTesting.awaitExit(killed, Duration.ofSeconds(10));
            // Whether or not the replacement is ready yet, the request is served, never by the dead child.
            long pid = Long.parseLong(stream(server, StandardProtocolFamily.INET)[0]);
            assertTrue(pid != killed, "the dead child was not handed the request");
            ForkedTesting.await(() -> !((ForkedDispatcher) server.dispatcher()).readyChildren().isEmpty(), STARTUP, "a replacement is ready");
            assertFalse(((ForkedDispatcher) server.dispatcher()).readyChildren().contains(killed));
            closeAndCheckNoneLeft(server, serving, Set.of(pid));
        }
    }

    @Test
    void unixStream() throws Exception {
        try (var server = UnixStreamServer.forking(dir.resolve("pool.sock"), ReportingEcho.class, pooledWithHandOffLibrary(1))) {
            var serving = ForkedTesting.serve(server);
            Set<Long> ready = awaitReady(server, 1);
            long pid = Long.parseLong(stream(server, StandardProtocolFamily.UNIX)[0]);
            assertTrue(ready.contains(pid), "served by a waiting child");
            closeAndCheckNoneLeft(server, serving, Set.of(pid));
        }
    }

    @Test
    void udp() throws Exception {
        try (var server = UdpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingDatagramEcho.class, pooledWithHandOffLibrary(1));
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            checkDatagram(server, client);
        }
    }

    @Test
    void unixDatagram() throws Exception {
        try (var server = UnixDatagramServer.forking(dir.resolve("pool.dgram"), ReportingDatagramEcho.class, pooledWithHandOffLibrary(1));
             DatagramChannel client = AFUNIXDatagramChannel.open()) {
            client.bind(AFUNIXSocketAddress.of(dir.resolve("client.dgram")));
            checkDatagram(server, client);
        }
    }

    private static void checkDatagram(BaseServer<?> server, DatagramChannel client)
            throws Exception {
        var serving = ForkedTesting.serve(server);
        Set<Long> ready = awaitReady(server, 1);
        client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), server.serverAddress());
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        SocketAddress from = client.receive(buffer);
        assertEquals(ChildAddresses.format(server.serverAddress()), ChildAddresses.format(from),
                "the child replies from the server's own socket");
        String[] report = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\\|", 5);
        long pid = Long.parseLong(report[0]);
        assertTrue(ready.contains(pid), "served by a waiting child");
        assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2], "client address in the child");
        assertEquals("hello from the parent", report[3]);
        assertEquals("ping", report[4]);
        closeAndCheckNoneLeft(server, serving, Set.of(pid));
    }

    /** One line through a new connection; the child's report, checked for the addresses. */
    static String[] stream(BaseServer<?> server, StandardProtocolFamily family)
            throws Exception {
        try (SocketChannel client = SocketChannel.open(family)) {
            client.connect(server.serverAddress());
            client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            String[] report = new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
            assertEquals(5, report.length, String.join("|", report));
            assertEquals(ChildAddresses.format(server.serverAddress()), report[1], "server address in the child");
            if (family != StandardProtocolFamily.UNIX) {
                assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2], "client address in the child");
            }
            assertEquals("hello from the parent", report[3]);
            assertEquals("ping\n", report[4]);
            return report;
        }
    }

    /**
     * A waiting child's parent watch is a thread started before it said it was ready (idle until its
     * request: the server's death ends a waiting child through its private channel), so that no thread
     * is started on the request's path. The kernel shows a thread's name cut to 15 characters.
     */
    /** A pool whose children read their private channel with the hand-off library, as a server with an AOT cache directory has them do. */
    static ServerOptions pooledWithHandOffLibrary(int warm) {
        return ForkedTesting.withHandOffLibrary(pooled(warm));
    }

    @Test
    void aReadyChildReadsItsChannelWithTheHandOffLibraryAndNotJunixsocket() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, pooledWithHandOffLibrary(1))) {
            var serving = ForkedTesting.serve(server);
            long child = awaitReady(server, 1).iterator().next();
            String maps = Files.readString(Path.of("/proc", Long.toString(child), "maps"));
            assertTrue(maps.contains("libsocketserver-handoff.so"), "the waiting child loaded the hand-off library");
            assertFalse(maps.contains("junixsocket"), "the waiting child did not load junixsocket's");
            String[] report = stream(server, StandardProtocolFamily.INET);
            assertEquals(Long.toString(child), report[0], "the child served the request");
            closeAndCheckNoneLeft(server, serving, Set.of(child));
        }
    }

    static Set<Long> awaitReady(BaseServer<?> server, int count) {
        ForkedTesting.await(() -> ((ForkedDispatcher) server.dispatcher()).readyChildren().size() >= count, STARTUP,
                count + " waiting child(ren) ready");
        return ((ForkedDispatcher) server.dispatcher()).readyChildren();
    }

    /** Closes the server: the waiting children end at once, every child is gone, nothing counted. */
    static void closeAndCheckNoneLeft(BaseServer<?> server, Running<?> serving, Set<Long> served)
            throws Exception {
        Set<Long> all = new HashSet<>(served);
        all.addAll(((ForkedDispatcher) server.dispatcher()).waitingChildren());
        server.shutdown();
        serving.join();
        server.serverClose();
        assertEquals(0, server.activeCount());
        assertTrue(((ForkedDispatcher) server.dispatcher()).waitingChildren().isEmpty(), "no waiting child after close");
        for (long pid : all) {
            ForkedTesting.awaitExit(pid, Duration.ofSeconds(10));
            assertFalse(ForkedTesting.exists(pid), "child " + pid + " ended and was reaped");
        }
    }
}
