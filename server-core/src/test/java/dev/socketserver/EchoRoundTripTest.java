package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** CPython's SocketServerTest.run_server + stream_examine / dgram_examine, for every transport and mode. */
@Timeout(60)
class EchoRoundTripTest {

    static final byte[] TEST_STR = "hello world\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** CPython's MyStreamHandler: echo one line. */
    public static final class LineEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line = TestIo.readLine(rfile());
            wfile().write(line);
        }
    }

    /** CPython's MyDatagramHandler: echo the datagram. */
    public static final class DatagramEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            rfile().transferTo(wfile());
        }
    }

    static Stream<Arguments> modes() {
        return Stream.of(Mode.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void tcp(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class,
                ServerOptions.builder().mode(mode).build())) {
            runStream(server, StandardProtocolFamily.INET);
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void tcpIpv6(Mode mode) throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("::1", 0), LineEcho.class,
                ServerOptions.builder().mode(mode).build())) {
            runStream(server, StandardProtocolFamily.INET6);
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void unixStream(Mode mode) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (var server = new UnixStreamServer(path, LineEcho.class, ServerOptions.builder().mode(mode).build())) {
            assertEquals(UnixDomainSocketAddress.of(path), server.serverAddress());
            runStream(server, StandardProtocolFamily.UNIX);
        }
        assertEquals(false, Files.exists(path), "closing removes the socket file");
    }

    @ParameterizedTest
    @MethodSource("modes")
    void udp(Mode mode) throws Exception {
        try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), DatagramEcho.class,
                ServerOptions.builder().mode(mode).build())) {
            runServer(server, () -> {
                try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    client.bind(new InetSocketAddress("127.0.0.1", 0));
                    datagramRoundTrip(client, server.serverAddress());
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void unixDatagram(Mode mode) throws Exception {
        Path path = dir.resolve("echo.dgram");
        try (var server = new UnixDatagramServer(path, DatagramEcho.class, ServerOptions.builder().mode(mode).build())) {
            assertEquals(UnixDomainSocketAddress.of(path), server.serverAddress(), "the JDK's type, as UnixStreamServer gives");
            runServer(server, () -> {
                try (DatagramChannel client = AFUNIXDatagramChannel.open()) {
                    client.bind(AFUNIXSocketAddress.of(dir.resolve("client-" + System.nanoTime())));
                    datagramRoundTrip(client, server.serverAddress());
                }
            });
        }
        assertEquals(false, Files.exists(path), "closing removes the socket file");
    }

    interface Client {
        void run() throws Exception;
    }

    private void runStream(BaseServer<?> server, StandardProtocolFamily family) throws Exception {
        runServer(server, () -> {
            try (SocketChannel client = SocketChannel.open(family)) {
                client.connect(server.serverAddress());
                client.write(ByteBuffer.wrap(TEST_STR));
                assertArrayEquals(TEST_STR, TestIo.readAll(client));
            }
        });
    }

    private static void datagramRoundTrip(DatagramChannel client, SocketAddress server) throws IOException {
        client.send(ByteBuffer.wrap(TEST_STR), server);
        ByteBuffer reply = ByteBuffer.allocate(8192);
        SocketAddress from = client.receive(reply);
        reply.flip();
        byte[] bytes = new byte[reply.remaining()];
        reply.get(bytes);
        assertArrayEquals(TEST_STR, bytes);
        assertEquals(Transport.asJdk(server), Transport.asJdk(from), "the reply comes from the server's own address");
    }

    /** Serves in a thread, runs three clients, shuts down and closes; checks fileno afterwards. */
    private static void runServer(BaseServer<?> server, Client client) throws Exception {
        assertEquals(Transport.asJdk(server.socket().getLocalAddress()), server.serverAddress());
        Thread serving = Thread.ofPlatform().name("serve-" + server).start(() -> {
            try {
                server.serveForever(Duration.ofMillis(10));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 3; i++) {
            client.run();
        }
        server.shutdown();
        serving.join();
        server.serverClose();
        assertEquals(-1, server.fileno(), "fileno() is invalid after close");
    }
}
