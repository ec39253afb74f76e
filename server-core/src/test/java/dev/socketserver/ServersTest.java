package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** {@link Servers}: the transport follows the address, stream or datagram the method. */
@Timeout(30)
class ServersTest {

    @TempDir
    Path dir;

    @Test
    void theAddressChoosesTheTransport() throws Exception {
        var stream = EchoRoundTripTest.LineEcho.class;
        var datagram = EchoRoundTripTest.DatagramEcho.class;
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL).build();
        try (var tcp = Servers.openStream(loopback, stream, options);
             var udp = Servers.openDatagram(loopback, datagram, options);
             var unix = Servers.openStream(UnixDomainSocketAddress.of(dir.resolve("s.sock")), stream, options);
             var unixDgram = Servers.openDatagram(UnixDomainSocketAddress.of(dir.resolve("d.sock")), datagram, options)) {
            assertInstanceOf(TcpServer.class, tcp);
            assertInstanceOf(UdpServer.class, udp);
            assertInstanceOf(UnixStreamServer.class, unix);
            assertInstanceOf(UnixDatagramServer.class, unixDgram);
            for (BaseServer<?> server : new BaseServer<?>[] {tcp, udp, unix, unixDgram}) {
                assertTrue(server.options().mode() == Mode.VIRTUAL && server.fileno() >= 0, server.toString());
            }
        }
    }

    @Test
    void anAddressOfAnotherKindIsRefused() throws Exception {
        var junix = AFUNIXSocketAddress.of(dir.resolve("j.sock")); // an InetSocketAddress subclass, yet no host
        var error = assertThrows(IllegalArgumentException.class,
                () -> Servers.openStream(junix, EchoRoundTripTest.LineEcho.class, ServerOptions.defaults()));
        assertTrue(error.getMessage().contains("UnixDomainSocketAddress"), error.getMessage());
    }
}
