package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The four transports (TCP twice: IPv4 and IPv6), each opened on a free port or a path under a test's temporary directory. */
enum Transport {
    TCP, TCP6, UDP, UNIX_STREAM, UNIX_DATAGRAM;

    private static final String TEST_STR = "hello world\n";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** Opens (binds and activates) a server of this transport with CPython's echo handlers. */
    BaseServer<?> open(Path dir, ServerOptions options) throws IOException {
        return open(dir, options, true);
    }

    BaseServer<?> open(Path dir, ServerOptions options, boolean bindAndActivate) throws IOException {
        return switch (this) {
            case TCP -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class,
                    options, bindAndActivate);
            case TCP6 -> new TcpServer(new InetSocketAddress("::1", 0), EchoRoundTripTest.LineEcho.class,
                    options, bindAndActivate);
            case UDP -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.DatagramEcho.class,
                    options, bindAndActivate);
            case UNIX_STREAM -> new UnixStreamServer(socketPath(dir), EchoRoundTripTest.LineEcho.class,
                    options, bindAndActivate);
            case UNIX_DATAGRAM -> new UnixDatagramServer(socketPath(dir), EchoRoundTripTest.DatagramEcho.class,
                    options, bindAndActivate);
        };
    }

    boolean isUnix() {
        return this == UNIX_STREAM || this == UNIX_DATAGRAM;
    }

    /** A fresh socket path for this transport under {@code dir}. */
    Path socketPath(Path dir) {
        return dir.resolve(name().toLowerCase(java.util.Locale.ROOT) + ".sock");
    }

    /**
     * One echo exchange with a serving server of this transport, as CPython's stream_examine /
     * dgram_examine; fails the test on a wrong reply. Datagram clients on Unix bind a path under {@code dir}.
     */
    void echo(BaseServer<?> server, Path dir) throws IOException {
        SocketAddress address = server.serverAddress();
        switch (this) {
            case TCP, TCP6, UNIX_STREAM -> assertEquals(TEST_STR, TestIo.exchange(address, TEST_STR));
            case UDP -> {
                try (DatagramChannel client = DatagramChannel.open(ProtocolFamilies.of(address))) {
                    assertEquals(TEST_STR, datagramExchange(client, address));
                }
            }
            case UNIX_DATAGRAM -> {
                try (DatagramChannel client = AFUNIXDatagramChannel.open()) {
                    client.bind(AFUNIXSocketAddress.of(dir.resolve("client-" + CLIENTS.incrementAndGet())));
                    assertEquals(TEST_STR, datagramExchange(client, address));
                }
            }
        }
    }

    private static String datagramExchange(DatagramChannel client, SocketAddress server) throws IOException {
        client.send(ByteBuffer.wrap(TEST_STR.getBytes(StandardCharsets.UTF_8)), server);
        ByteBuffer reply = ByteBuffer.allocate(8192);
        client.receive(reply);
        return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
    }

    /** junixsocket's Unix address (what its channels report) as the JDK's, which the servers give. */
    static SocketAddress asJdk(SocketAddress address) throws IOException {
        return address instanceof AFUNIXSocketAddress unix ? java.net.UnixDomainSocketAddress.of(unix.getPath()) : address;
    }
}
