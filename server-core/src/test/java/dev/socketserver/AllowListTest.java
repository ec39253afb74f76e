package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinylog.Level;

/** verifyRequest backed by the allow-list: refused clients are closed unserved and logged, for IPv4 and IPv6. */
@Timeout(30)
class AllowListTest {

    static final AtomicInteger SERVED = new AtomicInteger();

    /** Counts the requests it serves, then echoes lines. */
    public static final class CountingEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws Exception {
            SERVED.incrementAndGet();
            byte[] line;
            while ((line = TestIo.readLine(rfile())).length > 0) {
                wfile().write(line);
            }
        }
    }

    /** Echoes the datagram back. */
    public static final class DatagramEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws Exception {
            SERVED.incrementAndGet();
            rfile().transferTo(wfile());
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Mode.values()).flatMap(mode -> Stream.of(
                Arguments.of(mode, "127.0.0.1", "127.0.0.0/8", true),
                Arguments.of(mode, "127.0.0.1", "10.0.0.0/8", false),
                Arguments.of(mode, "::1", "::1/128", true),
                Arguments.of(mode, "::1", "127.0.0.0/8", false)))
                .filter(args -> args.get()[0] != Mode.FORKED || args.get()[1].equals("127.0.0.1")); // children are slow
    }

    @ParameterizedTest(name = "{0} client {1} allow {2}: served={3}")
    @MethodSource("cases")
    void tcpClientsOutsideTheListAreClosedAndLogged(Mode mode, String host, String allow, boolean served)
            throws Exception {
        ServerOptions options = TestHandlers.options(mode)
                .limits(Limits.builder().allow(List.of(Cidr.parse(allow), Cidr.parse("fd00::/8"))).build()).build();
        try (var running = Running.serve(new TcpServer(new InetSocketAddress(host, 0), CountingEcho.class, options))) {
            tryOnce(running.server, served); // warm-up: the serving thread's selector exists from here on
            int baseline = Fds.baseline(running.server); // a forked server: once its pool is full
            int servedBefore = SERVED.get();
            tryOnce(running.server, served);
            if (mode != Mode.FORKED) { // a forked handler counts in its own JVM; the round trip shows it served
                assertEquals(served ? 1 : 0, SERVED.get() - servedBefore);
            }
            Fds.awaitBackTo(baseline, running.server);
        }
    }

    private static void tryOnce(TcpServer server, boolean served) throws Exception {
        try (SocketChannel client = connect(server.serverAddress())) {
            if (served) {
                roundTrip(client, "let me in");
            } else {
                client.write(ByteBuffer.wrap("let me in\n".getBytes(StandardCharsets.UTF_8)));
                assertClosedByServer(client);
                LogCapture.awaitMore(0, Level.WARN, "refused", client.getLocalAddress().toString(), "allow-list");
            }
        }
    }

    @Test
    void unixClientsAreNotSubjectToTheList(@TempDir Path dir) throws Exception {
        ServerOptions options = TestHandlers.options(Mode.VIRTUAL)
                .limits(Limits.builder().allow(List.of(Cidr.parse("10.0.0.0/8"))).build()).build();
        try (var stream = Running.serve(new UnixStreamServer(dir.resolve("s.sock"), CountingEcho.class, options));
             SocketChannel client = connect(stream.server.serverAddress())) {
            roundTrip(client, "unix stream peers are guarded by the file's permissions");
        }
        try (var datagrams = Running.serve(new UnixDatagramServer(dir.resolve("d.sock"), DatagramEcho.class, options));
             DatagramChannel client = AFUNIXDatagramChannel.open()) {
            client.bind(AFUNIXSocketAddress.of(dir.resolve("client.sock"))); // junixsocket: an InetSocketAddress subclass
            client.send(ByteBuffer.wrap(new byte[] {4, 2}), datagrams.server.serverAddress());
            ByteBuffer reply = ByteBuffer.allocate(16);
            client.receive(reply);
            assertEquals(2, reply.position(), "the unix datagram was echoed, not refused");
        }
    }

    @Test
    void refusedDatagramsAreDropped() throws Exception {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL)
                .limits(Limits.builder().allow(List.of(Cidr.parse("10.0.0.0/8"))).build()).build();
        try (var running = Running.serve(new UdpServer(new InetSocketAddress("127.0.0.1", 0), DatagramEcho.class, options));
             DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int servedBefore = SERVED.get();
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), running.server.serverAddress());
            LogCapture.awaitMore(0, Level.WARN, "refused", client.getLocalAddress().toString());
            assertEquals(servedBefore, SERVED.get(), "a refused datagram never reaches the handler");
        }
    }
}
