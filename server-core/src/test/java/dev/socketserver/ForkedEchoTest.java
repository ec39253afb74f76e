package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.fork.ChildAddresses;
import java.io.IOException;
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
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * CPython's forking cases: echo on every transport through a child JVM, with the handler seeing
 * the parent's server address, the client's address and the configuration; nothing active and
 * no zombie left after {@code serverClose}.
 */
@Timeout(60)
class ForkedEchoTest {

    @TempDir
    Path dir;

    /** Echoes one line, prefixed with what the child sees: pid|server|client|config. */
    public static final class ReportingEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            String line = new String(TestIo.readLine(rfile()), StandardCharsets.UTF_8);
            wfile().write(report(this, server(), clientAddress(), line).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The datagram counterpart of {@link ReportingEcho}. */
    public static final class ReportingDatagramEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            String text = new String(rfile().readAllBytes(), StandardCharsets.UTF_8);
            wfile().write(report(this, server(), clientAddress(), text).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String report(BaseRequestHandler<?> handler, Server server, SocketAddress client, String echoed) {
        return ProcessHandle.current().pid() + "|" + ChildAddresses.format(server.serverAddress()) + "|"
                + ChildAddresses.format(client) + "|" + server.handlerConfig().require("greeting") + "|" + echoed;
    }

    @Test
    void tcp() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class,
                ForkedTesting.options())) {
            checkStream(server, StandardProtocolFamily.INET);
        }
    }

    @Test
    void tcpIpv6() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("::1", 0), ReportingEcho.class,
                ForkedTesting.options())) {
            checkStream(server, StandardProtocolFamily.INET6);
        }
    }

    @Test
    void unixStream() throws Exception {
        try (var server = UnixStreamServer.forking(dir.resolve("echo.sock"), ReportingEcho.class,
                ForkedTesting.options())) {
            checkStream(server, StandardProtocolFamily.UNIX);
        }
    }

    @Test
    void udp() throws Exception {
        try (var server = UdpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingDatagramEcho.class,
                ForkedTesting.options());
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            checkDatagram(server, client, childPid -> { });
        }
    }

    @Test
    void udpIpv6() throws Exception {
        try (var server = UdpServer.forking(new InetSocketAddress("::1", 0), ReportingDatagramEcho.class,
                ForkedTesting.options());
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            client.bind(new InetSocketAddress("::1", 0));
            checkDatagram(server, client, childPid -> { });
        }
    }

    @Test
    void aLargeDatagramCrossesWhole() throws Exception {
        ServerOptions options = ForkedTesting.options().toBuilder().maxPacketSize(65_536).build();
        String big = "x".repeat(60_000);
        try (var server = UdpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingDatagramEcho.class, options);
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread serving = ForkedTesting.serve(server);
            client.send(ByteBuffer.wrap(big.getBytes(StandardCharsets.US_ASCII)), server.serverAddress());
            ByteBuffer reply = ByteBuffer.allocate(65_536);
            client.receive(reply);
            String text = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
            assertTrue(text.endsWith("|" + big), "the whole datagram reached the child");
            server.shutdown();
            serving.join();
        }
    }

    @Test
    void unixDatagram() throws Exception {
        Path path = dir.resolve("echo.dgram");
        try (var server = UnixDatagramServer.forking(path, ReportingDatagramEcho.class, ForkedTesting.options());
             DatagramChannel client = AFUNIXDatagramChannel.open()) {
            client.bind(AFUNIXSocketAddress.of(dir.resolve("client.dgram")));
            checkDatagram(server, client, childPid -> {
                ForkedTesting.awaitExit(childPid, Duration.ofSeconds(5));
                assertTrue(Files.exists(path), "the child leaves the server's socket file alone");
            });
        }
        assertFalse(Files.exists(path), "closing the server removes its socket file");
    }

    private static void checkStream(BaseServer<?> server, StandardProtocolFamily family)
            throws Exception {
        Thread serving = ForkedTesting.serve(server);
        String reply;
        SocketAddress clientAddress;
        try (SocketChannel client = SocketChannel.open(family)) {
            client.connect(server.serverAddress());
            clientAddress = client.getLocalAddress();
            client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            reply = new String(TestIo.readAll(client), StandardCharsets.UTF_8);
        }
        closeAndCheck(server, serving, reply, family == StandardProtocolFamily.UNIX ? null : clientAddress, "ping\n",
                childPid -> { });
    }

    /** A check to run while the server is still open, given the child's pid. */
    interface WhileOpen {
        void check(long childPid) throws Exception;
    }

    private static void checkDatagram(
            BaseServer<?> server, DatagramChannel client, WhileOpen whileOpen) throws Exception {
        Thread serving = ForkedTesting.serve(server);
        client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), server.serverAddress());
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        SocketAddress from = client.receive(buffer);
        assertEquals(ChildAddresses.format(server.serverAddress()), ChildAddresses.format(from),
                "the child replies from the server's own socket");
        String reply = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        closeAndCheck(server, serving, reply, client.getLocalAddress(), "ping", whileOpen);
    }

    /** Checks the child's report, then that close leaves nothing active and the child reaped. */
    private static void closeAndCheck(
            BaseServer<?> server, Thread serving, String reply, @Nullable SocketAddress client, String echoed, WhileOpen whileOpen)
            throws Exception {
        String[] parts = reply.split("\\|", 5);
        assertEquals(5, parts.length, "reply: " + reply);
        long childPid = Long.parseLong(parts[0]);
        assertNotEquals(ProcessHandle.current().pid(), childPid, "the handler ran in another process");
        assertEquals(ChildAddresses.format(server.serverAddress()), parts[1], "server address in the child");
        if (client != null) {
            assertEquals(ChildAddresses.format(client), parts[2], "client address in the child");
        }
        assertEquals("hello from the parent", parts[3], "handler config in the child");
        assertEquals(echoed, parts[4]);
        whileOpen.check(childPid);

        server.shutdown();
        serving.join();
        server.serverClose();
        assertEquals(0, server.activeCount(), "serverClose waits for the children (blockOnClose)");
        assertTrue(server.forkedChildren().orElseThrow().activeChildren().isEmpty());
        ForkedTesting.awaitExit(childPid, Duration.ofSeconds(5));
        assertFalse(ForkedTesting.exists(childPid), "the child was reaped, no zombie left");
    }
}
