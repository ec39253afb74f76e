package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.BaseServer;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.handlers.RunningServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The echo handlers behind {@code serve --handler echo}, on every transport and in every mode. */
@Timeout(60)
class ServersTest {

    static final byte[] MESSAGE = "hello, echo\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static Stream<Arguments> transportsAndModes() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(Mode.values()).map(m -> Arguments.of(t, m)));
    }

    private SocketAddress address(Transport transport) {
        return transport.unix() ? UnixDomainSocketAddress.of(dir.resolve(transport.flag() + ".sock"))
                : new InetSocketAddress("127.0.0.1", 0);
    }

    @ParameterizedTest
    @MethodSource("transportsAndModes")
    void echoesOnEveryTransport(Transport transport, Mode mode) throws Exception {
        BaseServer<?> server = HandlerKind.ECHO.open(transport, address(transport),
                ServerOptions.builder().mode(mode).build());
        try (var running = RunningServer.start(server)) {
            SocketAddress bound = server.serverAddress();
            byte[] echoed = switch (transport) {
                case TCP, UNIX -> streamEcho(bound);
                case UDP -> udpEcho((InetSocketAddress) bound);
                case UNIX_DGRAM -> unixDatagramEcho(dir.resolve(transport.flag() + ".sock"));
            };
            assertArrayEquals(MESSAGE, echoed);
        }
    }

    @Test
    void theFileHandlerRefusesDatagramTransports() {
        for (Transport transport : new Transport[] {Transport.UDP, Transport.UNIX_DGRAM}) {
            var error = assertThrows(IllegalArgumentException.class, () -> HandlerKind.FILE.open(transport,
                    address(transport), ServerOptions.defaults()));
            assertTrue(error.getMessage().contains("needs a stream transport"), error.getMessage());
        }
    }

    private static byte[] streamEcho(SocketAddress server) throws IOException {
        try (SocketChannel client = SocketChannel.open(server instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
            client.connect(server);
            byte[] received = new byte[MESSAGE.length];
            for (int round = 0; round < 3; round++) { // echoed as it arrives, not at end of input
                client.write(ByteBuffer.wrap(MESSAGE));
                ByteBuffer buffer = ByteBuffer.wrap(received);
                while (buffer.hasRemaining() && client.read(buffer) >= 0) {
                    // until the whole message is back
                }
            }
            client.shutdownOutput();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the echo ends when the client's input ends");
            return received;
        }
    }

    private static byte[] udpEcho(InetSocketAddress server) throws IOException {
        try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
            client.connect(server);
            client.write(ByteBuffer.wrap(MESSAGE));
            ByteBuffer reply = ByteBuffer.allocate(1024);
            client.read(reply);
            return Arrays.copyOf(reply.array(), reply.position());
        }
    }

    private byte[] unixDatagramEcho(Path server) throws IOException {
        try (AFUNIXDatagramChannel client = AFUNIXDatagramChannel.open()) {
            client.bind(AFUNIXSocketAddress.of(dir.resolve("client.sock")));
            client.send(ByteBuffer.wrap(MESSAGE), AFUNIXSocketAddress.of(server));
            ByteBuffer reply = ByteBuffer.allocate(1024);
            client.receive(reply);
            return Arrays.copyOf(reply.array(), reply.position());
        }
    }
}
