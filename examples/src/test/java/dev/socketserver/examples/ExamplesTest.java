package dev.socketserver.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.BaseServer;
import dev.socketserver.handlers.Download;
import dev.socketserver.handlers.FileClient;
import dev.socketserver.handlers.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each example started as a library user would, talked to, and stopped. */
@Timeout(60)
class ExamplesTest {

    @TempDir
    Path dir;

    @Test
    void tcpEcho() throws Exception {
        try (var running = new Serving(TcpEcho.open(0))) {
            try (SocketChannel client = SocketChannel.open(running.address())) {
                assertEquals("hello\n", exchange(client, "hello\n"));
            }
        }
    }

    @Test
    void udpEcho() throws Exception {
        try (var running = new Serving(UdpEcho.open(0)); DatagramChannel client = DatagramChannel.open()) {
            client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), running.address());
            ByteBuffer reply = ByteBuffer.allocate(64);
            client.receive(reply);
            assertEquals("ping", new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void unixEcho() throws Exception {
        Path socket = dir.resolve("echo.sock");
        try (var running = new Serving(UnixEcho.open(socket))) {
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                assertEquals("over unix\n", exchange(client, "over unix\n"));
            }
        }
        assertFalse(Files.exists(socket), "the socket file goes with the server");
    }

    @Test
    void allowListServesListedClientsOnly() throws Exception {
        try (AllowListEcho server = AllowListEcho.open(0, "127.0.0.0/8"); var running = new Serving(server);
             SocketChannel client = SocketChannel.open(running.address())) {
            assertEquals("let in\n", exchange(client, "let in\n"));
            assertEquals(0, server.refused());
        }
        try (AllowListEcho server = AllowListEcho.open(0, "10.0.0.0/8"); var running = new Serving(server);
             SocketChannel client = SocketChannel.open(running.address())) {
            client.write(ByteBuffer.wrap("kept out\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(-1, readOrReset(client), "closed unserved");
            assertEquals(1, server.refused());
        }
    }

    @Test
    void fileServer() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello, file\n");
        Path target = dir.resolve("hello.txt");
        try (var running = new Serving(FileServer.open(root, 0));
             FileClient client = FileClient.connect(running.address(), Duration.ofSeconds(30))) {
            Download download = client.get("hello.txt", target, false, Progress.NONE);
            assertEquals(12, download.size());
        }
        assertEquals("hello, file\n", Files.readString(target));
    }

    private static String exchange(SocketChannel client, String text) throws IOException {
        client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer reply = ByteBuffer.allocate(text.length());
        int read = 0;
        while (reply.hasRemaining() && read >= 0) { // until the whole echo is back, or the end of stream
            read = client.read(reply);
        }
        return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
    }

    /** -1 when the server closed the connection (a reset counts too); the byte count if it answered. */
    private static int readOrReset(SocketChannel client) {
        try {
            return client.read(ByteBuffer.allocate(64));
        } catch (IOException reset) {
            return -1;
        }
    }

    /** Serves in a named thread, as {@code main} does in the foreground; closing stops and joins it. */
    private static final class Serving implements AutoCloseable {
        private final BaseServer<?> server;
        private final Thread thread;

        Serving(BaseServer<?> server) {
            this.server = server;
            this.thread = Thread.ofPlatform().name("example-" + server).start(() -> {
                try {
                    server.serveForever();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        SocketAddress address() {
            return server.serverAddress();
        }

        @Override
        public void close() throws InterruptedException {
            server.shutdown();
            thread.join();
            server.close();
        }
    }
}
