package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A client that sends one datagram and closes its socket before the reply must not take the
 * server down (issue 9, point 1): the failed reply goes to handleError and the next client is
 * served, on both datagram transports and in every mode. The handler holds its reply until the
 * test says the first client is gone, so the reply always meets a closed socket.
 */
@Timeout(60)
class DatagramSurvivalTest {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(20); // a forked child starts a JVM first

    @TempDir
    Path dir;

    /** Echoes once the file {@code gate/<datagram>.go} exists: the test's signal that the client is gone. */
    public static final class EchoWhenReleased extends DatagramRequestHandler {
        @Override
        protected void handle() throws Exception {
            String name = new String(rfile().readAllBytes(), StandardCharsets.UTF_8);
            Path go = Path.of(config().require("gate")).resolve(name + ".go");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the test never released " + go);
                }
                Thread.sleep(5); // a forked child has nothing to wait on but the file system
            }
            wfile().write(name.getBytes(StandardCharsets.UTF_8));
        }
    }

    enum ClientKind { UDP, UNIX_FILE, UNIX_ABSTRACT }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            cases.add(Arguments.of(mode, ClientKind.UNIX_FILE));
            cases.add(Arguments.of(mode, ClientKind.UDP));
            if (mode != Mode.FORKED) { // forked: see forkedModeRefusesAnAbstractClientAndServesOn
                cases.add(Arguments.of(mode, ClientKind.UNIX_ABSTRACT));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aClientThatVanishesBeforeItsReplyDoesNotStopTheServer(Mode mode, ClientKind kind) throws Exception {
        Path gate = Files.createDirectory(dir.resolve("gate"));
        ServerOptions options = (mode == Mode.FORKED ? ForkedTesting.options() : ServerOptions.builder().mode(mode).build())
                .toBuilder().handlerConfig(HandlerConfig.of("gate", gate.toString())).build();
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        try (DatagramServer server = open(kind, options, errors);
             ServingThread loop = ServingThread.start(server)) {
            try (DatagramChannel vanishing = client(kind, "vanishing")) {
                vanishing.send(utf8("first"), server.serverAddress());
            }
            // A closed client's socket file stays (as a careless client leaves it): the reply gets
            // ECONNREFUSED, on which junixsocket's own send closed the server's socket.
            Files.createFile(gate.resolve("first.go"));
            if (kind != ClientKind.UDP && mode != Mode.FORKED) {
                // A forked child logs its own failure; UDP has no error for an unconnected send.
                Exception error = errors.poll(REPLY_WAIT.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(error, "the failed reply reached handleError");
                assertInstanceOf(SocketException.class, error);
            }
            Files.createFile(gate.resolve("second.go"));
            try (DatagramChannel next = client(kind, "next")) {
                next.send(utf8("second"), server.serverAddress());
                assertEquals("second", receive(next), "the next client is served");
            }
            assertTrue(server.socket().isOpen(), "the server's socket is open");
        }
    }

    /** A child cannot be told an abstract address: the request fails in the parent, which serves on. */
    @Test
    void forkedModeRefusesAnAbstractClientAndServesOn() throws Exception {
        Path gate = Files.createDirectory(dir.resolve("gate"));
        Files.createFile(gate.resolve("abstract.go"));
        Files.createFile(gate.resolve("file.go"));
        ServerOptions options = ForkedTesting.options().toBuilder().handlerConfig(HandlerConfig.of("gate", gate.toString())).build();
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        try (DatagramServer server = open(ClientKind.UNIX_ABSTRACT, options, errors);
             ServingThread loop = ServingThread.start(server)) {
            try (DatagramChannel anonymous = client(ClientKind.UNIX_ABSTRACT, "abstract")) {
                anonymous.send(utf8("abstract"), server.serverAddress());
                Exception error = errors.poll(REPLY_WAIT.toSeconds(), TimeUnit.SECONDS);
                assertInstanceOf(IllegalArgumentException.class, error);
            }
            try (DatagramChannel named = client(ClientKind.UNIX_FILE, "file")) {
                named.send(utf8("file"), server.serverAddress());
                assertEquals("file", receive(named), "a client with a path is served");
            }
        }
    }

    private DatagramServer open(ClientKind kind, ServerOptions options, BlockingQueue<Exception> errors)
            throws IOException {
        if (kind == ClientKind.UDP) {
            return new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoWhenReleased.class, options) {
                @Override
                protected void handleError(DatagramRequest request, SocketAddress client, Exception error) {
                    errors.add(error);
                }
            };
        }
        return new UnixDatagramServer(dir.resolve("server.sock"), EchoWhenReleased.class, options) {
            @Override
            protected void handleError(DatagramRequest request, SocketAddress client, Exception error) {
                errors.add(error);
            }
        };
    }

    private DatagramChannel client(ClientKind kind, String name) throws IOException {
        return switch (kind) {
            case UDP -> DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            case UNIX_FILE -> AFUNIXDatagramChannel.open().bind(AFUNIXSocketAddress.of(dir.resolve(name + ".sock")));
            case UNIX_ABSTRACT -> AFUNIXDatagramChannel.open()
                    .bind(AFUNIXSocketAddress.inAbstractNamespace("socketserver-test-" + name + "-" + System.nanoTime()));
        };
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The reply, or null after {@link #REPLY_WAIT}. */
    static @Nullable String receive(DatagramChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        try (Selector selector = channel.provider().openSelector()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (channel.receive(buffer) == null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
