package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CPython's test_close_immediately, test_context_manager, test_tcpserver_bind_leak, plus port 0,
 * IPv6, construction without bind-and-activate and a failed bind.
 */
@Timeout(60)
class ServerLifecycleTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void closeImmediatelyWithoutServing(Transport transport) throws Exception {
        for (Mode mode : new Mode[] {Mode.SYNC, Mode.THREADED, Mode.VIRTUAL}) {
            BaseServer<?> server = transport.open(dir, ServerOptions.builder().mode(mode).build());
            assertTrue(server.fileno() >= 0, "open server has a descriptor");
            server.serverClose();
            assertEquals(-1, server.fileno(), mode + ": fileno() after close");
            assertTrue(server.isClosed());
            if (transport.isUnix()) {
                assertFalse(Files.exists(transport.socketPath(dir)), mode + ": socket file removed on close");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void tryWithResourcesClosesTheServer(Transport transport) throws Exception {
        BaseServer<?> outside;
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults())) {
            outside = server;
            try (ServingThread loop = ServingThread.start(server)) {
                transport.echo(server, dir);
            }
            assertTrue(server.fileno() >= 0, "still open inside the block");
        }
        assertEquals(-1, outside.fileno(), "fileno() after the try-with-resources block");
        assertFalse(outside.socket().isOpen());
    }

    @Test
    void closeIsIdempotent() throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class);
        server.close();
        server.close();
        server.serverClose();
        assertEquals(-1, server.fileno());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "TCP6", "UDP"})
    void portZeroBindsARealPortThatServerAddressReports(Transport transport) throws Exception {
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults())) {
            var address = assertInstanceOf(InetSocketAddress.class, server.serverAddress());
            assertNotEquals(0, address.getPort(), "serverAddress has the real port");
            assertEquals(server.socket().getLocalAddress(), address);
            try (ServingThread loop = ServingThread.start(server)) {
                transport.echo(server, dir);
            }
        }
    }

    @Test
    void ipv6LoopbackForStreamsAndDatagrams() throws Exception {
        try (var tcp = new TcpServer(new InetSocketAddress("::1", 0), EchoRoundTripTest.LineEcho.class);
             var udp = new UdpServer(new InetSocketAddress("::1", 0), EchoRoundTripTest.DatagramEcho.class)) {
            assertInstanceOf(Inet6Address.class, tcp.serverAddress().getAddress());
            assertInstanceOf(Inet6Address.class, udp.serverAddress().getAddress());
            try (ServingThread tcpLoop = ServingThread.start(tcp); ServingThread udpLoop = ServingThread.start(udp)) {
                Transport.TCP6.echo(tcp, dir);
                Transport.UDP.echo(udp, dir);
            }
        }
    }

    /** bind_and_activate=False: the socket is open but unbound, so options can be set before binding. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void constructionWithoutBindAndActivate(Transport transport) throws Exception {
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults(), false)) {
            assertTrue(server.socket().isOpen());
            assertNull(server.socket().getLocalAddress(), "not bound yet");
            if (transport.isUnix()) {
                assertFalse(Files.exists(transport.socketPath(dir)), "no socket file before binding");
            }
            server.socket().setOption(StandardSocketOptions.SO_RCVBUF, 65_536);
            server.bindAndActivate();
            assertEquals(Transport.asJdk(server.socket().getLocalAddress()), server.serverAddress());
            try (ServingThread loop = ServingThread.start(server)) {
                transport.echo(server, dir);
            }
        }
    }

    /** A second bindAndActivate() is a wrong-state call: refused clearly, and the server goes on serving. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void bindAndActivateTwiceIsAnIllegalStateThatKeepsTheServer(Transport transport) throws Exception {
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults())) {
            var error = assertThrows(IllegalStateException.class, server::bindAndActivate);
            assertTrue(error.getMessage().contains("already bound"), error.getMessage());
            assertTrue(server.socket().isOpen(), "the server was not closed by the misuse");
            try (ServingThread loop = ServingThread.start(server)) {
                transport.echo(server, dir);
            }
        }
    }

    @Test
    void bindAndActivateAfterCloseIsAnIllegalState() throws Exception {
        var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class,
                ServerOptions.defaults(), false);
        server.close();
        var error = assertThrows(IllegalStateException.class, server::bindAndActivate);
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
    }

    @Test
    void servingInTwoThreadsAtOnceIsAnIllegalState() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class);
             ServingThread loop = ServingThread.start(server)) {
            Transport.TCP.echo(server, dir); // the loop is running
            var error = assertThrows(IllegalStateException.class, server::serveForever);
            assertTrue(error.getMessage().contains("already serving"), error.getMessage());
            Transport.TCP.echo(server, dir);
        }
    }

    @Test
    void aFailedBindClosesTheSocket() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            var address = (InetSocketAddress) taken.getLocalAddress();
            var server = new TcpServer(address, EchoRoundTripTest.LineEcho.class, ServerOptions.defaults(), false);
            assertThrows(BindException.class, server::bindAndActivate);
            assertFalse(server.socket().isOpen(), "the socket is closed after a failed bind");
            assertEquals(-1, server.fileno());
            assertThrows(IllegalStateException.class, server::serveForever);
        }
    }

    /** CPython's test_tcpserver_bind_leak: 1,024 failed binds leave no descriptor behind. */
    @Test
    void failedBindsLeakNoDescriptors() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            var address = (InetSocketAddress) taken.getLocalAddress();
            Path unixPath = dir.resolve("occupied.sock");
            Files.writeString(unixPath, "not a socket");
            failBinds(address, unixPath, 8); // warm up: classes, loggers and the like open what they keep
            long before = TestIo.openDescriptors();
            failBinds(address, unixPath, 1024);
            assertEquals(before, TestIo.openDescriptors(), "descriptors open after 1,024 failed binds of each kind");
        }
    }

    private static void failBinds(InetSocketAddress taken, Path occupied, int times) {
        for (int i = 0; i < times; i++) {
            assertThrows(BindException.class, () -> new TcpServer(taken, EchoRoundTripTest.LineEcho.class));
            assertThrows(BindException.class, () -> new UdpServer(new InetSocketAddress("192.0.2.1", 0),
                    EchoRoundTripTest.DatagramEcho.class));
            assertThrows(IOException.class, () -> new UnixStreamServer(occupied, EchoRoundTripTest.LineEcho.class));
            assertThrows(IOException.class, () -> new UnixDatagramServer(occupied, EchoRoundTripTest.DatagramEcho.class));
        }
    }
}
