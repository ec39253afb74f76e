package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Line-echo handlers (one reading through rfile, one through the channel) and client helpers for the hardening tests. */
final class TestHandlers {

    private TestHandlers() {
    }

    /** Echoes lines read through {@code rfile()} until the client closes. */
    public static final class RfileLines extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line;
            while ((line = TestIo.readLine(rfile())).length > 0) {
                wfile().write(line);
            }
        }
    }

    /** Echoes lines read straight from {@code channel()} until the client closes, marking progress as it goes. */
    public static final class ChannelLines extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (channel().read(one.clear()) > 0) {
                markProgress();
                line.write(one.get(0));
                if (one.get(0) == '\n') {
                    channel().write(ByteBuffer.wrap(line.toByteArray()));
                    markProgress();
                    line.reset();
                }
            }
        }
    }

    enum Style {
        RFILE(RfileLines.class), CHANNEL(ChannelLines.class);

        final Class<? extends StreamRequestHandler> handler;

        Style(Class<? extends StreamRequestHandler> handler) {
            this.handler = handler;
        }
    }

    /**
     * Options for {@code mode}; forked children start without the AOT cache (the tests' class
     * path has directories), and closing waits at most 5 s, so a failing test cannot hang.
     */
    static ServerOptionsBuilder options(Mode mode) {
        return ServerOptions.builder().mode(mode).closeGrace(java.time.Duration.ofSeconds(5))
                .fork(ForkOptions.builder().aotCacheDirectory(null).build());
    }

    static SocketChannel connect(SocketAddress server) throws IOException {
        StandardProtocolFamily family = switch (server) {
            case UnixDomainSocketAddress unix -> StandardProtocolFamily.UNIX;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address -> StandardProtocolFamily.INET6;
            default -> StandardProtocolFamily.INET;
        };
        SocketChannel client = SocketChannel.open(family);
        client.connect(server);
        return client;
    }

    /** Sends {@code text + "\n"} and checks that the same line comes back. */
    static void roundTrip(SocketChannel client, String text) throws IOException {
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        client.write(ByteBuffer.wrap(line));
        InputStream in = Channels.newInputStream(client);
        assertEquals(text + "\n", new String(TestIo.readLine(in), StandardCharsets.UTF_8));
    }

    /** Checks that the server closed the connection without sending anything: end of stream or a reset. */
    static void assertClosedByServer(SocketChannel client) {
        try {
            int n = client.read(ByteBuffer.allocate(64));
            if (n > 0) {
                fail("expected the server to close the connection, but it sent " + n + " bytes");
            }
            assertEquals(-1, n);
        } catch (IOException reset) {
            // A reset (the server closed with unread input) is a close as well.
            org.tinylog.Logger.debug(reset, "connection reset by the server, as expected");
        }
    }
}
