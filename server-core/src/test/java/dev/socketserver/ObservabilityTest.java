package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.observe.ServerObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events and the ServerMXBean read back: what they report matches what the clients did. */
@Timeout(60)
class ObservabilityTest {

    /** Echoes lines until the client closes. */
    public static final class LineEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws Exception {
            byte[] line;
            while ((line = TestIo.readLine(rfile())).length > 0) {
                wfile().write(line);
            }
        }
    }

    /** Echoes lines from a direct buffer, with {@code send(ByteBuffer)}. */
    public static final class DirectEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws Exception {
            byte[] line;
            while ((line = TestIo.readLine(rfile())).length > 0) {
                send(ByteBuffer.allocateDirect(line.length).put(line).flip());
            }
        }
    }

    /** Fails at once. */
    public static final class Failing extends StreamRequestHandler {
        @Override
        protected void handle() {
            throw new IllegalStateException("expected by the test");
        }
    }

    /** Echoes the datagram back. */
    public static final class DatagramEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws Exception {
            rfile().transferTo(wfile());
        }
    }

    @Test
    void jfrEventsCarryClientBytesAndOutcome(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rec.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.socketserver.Request");
            recording.enable("dev.socketserver.Refused");
            recording.enable("dev.socketserver.Cut");
            recording.start();
            ServerOptions threaded = TestHandlers.options(Mode.THREADED).build();
            try (var echo = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class, threaded))) {
                for (int i = 0; i < 3; i++) {
                    try (SocketChannel client = connect(echo.server.serverAddress())) {
                        roundTrip(client, "hello"); // 6 bytes each way
                    }
                }
            }
            try (var failing = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), Failing.class, threaded));
                 SocketChannel client = connect(failing.server.serverAddress())) {
                assertClosedByServer(client);
            }
            ServerOptions refusing = threaded.toBuilder()
                    .limits(Limits.builder().allow(List.of(Cidr.parse("10.0.0.0/8"))).build()).build();
            try (var refuser = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class, refusing));
                 SocketChannel client = connect(refuser.server.serverAddress())) {
                assertClosedByServer(client);
            }
            ServerOptions idle = threaded.toBuilder().limits(Limits.builder().idleTimeout(Duration.ofMillis(300)).build()).build();
            try (var idler = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class, idle));
                 SocketChannel client = connect(idler.server.serverAddress())) {
                assertClosedByServer(client); // sends nothing: the idle close cuts it
            }
            try (var udp = Running.serve(new UdpServer(new InetSocketAddress("127.0.0.1", 0), DatagramEcho.class, threaded));
                 DatagramChannel client = DatagramChannel.open()) {
                client.send(ByteBuffer.wrap("ping!".getBytes(StandardCharsets.US_ASCII)), udp.server.serverAddress());
                ByteBuffer reply = ByteBuffer.allocate(64);
                client.receive(reply);
                assertEquals(5, reply.flip().remaining());
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> requests = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.socketserver.Request"))
                .collect(Collectors.groupingBy(e -> e.getString("outcome")));
        List<RecordedEvent> ok = requests.get("ok");
        assertEquals(4, ok.size(), () -> "ok requests: " + ok);
        List<RecordedEvent> tcpOk = ok.stream().filter(e -> e.getString("transport").equals("tcp")).toList();
        assertEquals(3, tcpOk.size());
        for (RecordedEvent e : tcpOk) {
            assertEquals(6, e.getLong("bytesIn"));
            assertEquals(6, e.getLong("bytesOut"));
            assertEquals("threaded", e.getString("mode"));
            assertTrue(e.getString("client").contains("127.0.0.1"), e.getString("client"));
            assertFalse(e.getDuration().isNegative());
        }
        RecordedEvent datagram = ok.stream().filter(e -> e.getString("transport").equals("udp")).findFirst().orElseThrow();
        assertEquals(5, datagram.getLong("bytesIn"));
        assertEquals(5, datagram.getLong("bytesOut"));
        assertEquals(1, requests.get("failed").size());
        assertEquals(1, requests.get("cut").size());
        RecordedEvent refused = only(events, "dev.socketserver.Refused");
        assertEquals("verifyRequest", refused.getString("reason"));
        assertEquals("tcp", refused.getString("transport"));
        assertEquals("idle", only(events, "dev.socketserver.Cut").getString("reason"));
    }

    @Test
    void aForkedChildIsRecordedWithPidExitStatusAndStartTime() throws Exception {
        var received = new java.util.concurrent.CompletableFuture<RecordedEvent>();
        try (var stream = new jdk.jfr.consumer.RecordingStream()) {
            stream.enable("dev.socketserver.Child");
            stream.onEvent("dev.socketserver.Child", received::complete);
            stream.startAsync();
            ServerOptions forked = TestHandlers.options(Mode.FORKED).build();
            try (var echo = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class, forked))) {
                try (SocketChannel client = connect(echo.server.serverAddress())) {
                    roundTrip(client, "from a child");
                }
                // The child's exit commits the event; the stream hands it over within about a second.
                RecordedEvent child = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(child.getLong("pid") > 0 && child.getLong("pid") != ProcessHandle.current().pid());
                assertEquals(0, child.getInt("exitStatus"));
                assertTrue(child.getString("client").contains("127.0.0.1"), child.getString("client"));
                Duration start = child.getDuration("startNanos");
                assertTrue(start.isPositive() && start.compareTo(child.getDuration()) <= 0,
                        start + " within " + child.getDuration());
            }
        }
    }

    @Test
    void mbeanCountsServedRequestsAndIsGoneAfterClose() throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ServerOptions options = TestHandlers.options(Mode.VIRTUAL).jmx(true).build();
        ObjectName name;
        try (var echo = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), LineEcho.class, options))) {
            name = ServerObjectName.of("tcp", echo.server.serverAddress());
            assertTrue(beans.isRegistered(name), name + " registered");
            int n = 5;
            for (int i = 0; i < n; i++) {
                try (SocketChannel client = connect(echo.server.serverAddress())) {
                    roundTrip(client, "hello");
                }
            }
            // A request counts once its handler saw the client's close: wait for that, don't sleep.
            await(() -> served(beans, name), n);
            assertEquals(0L, attribute(beans, name, "Failed"));
            assertEquals(0L, attribute(beans, name, "Refused"));
            assertEquals(6L * n, attribute(beans, name, "BytesIn"));
            assertEquals(6L * n, attribute(beans, name, "BytesOut"));
            assertEquals(0, attribute(beans, name, "Children"));
            assertEquals("virtual", attribute(beans, name, "Mode"));
        }
        assertFalse(beans.isRegistered(name), name + " unregistered by serverClose");
    }

    /** A buffer sent past {@code wfile()} counts in the bytes out as a {@code wfile()} write does. */
    @Test
    void bytesSentFromABufferAreCounted() throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ServerOptions options = TestHandlers.options(Mode.VIRTUAL).jmx(true).build();
        try (var echo = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), DirectEcho.class, options))) {
            ObjectName name = ServerObjectName.of("tcp", echo.server.serverAddress());
            int n = 3;
            for (int i = 0; i < n; i++) {
                try (SocketChannel client = connect(echo.server.serverAddress())) {
                    roundTrip(client, "hello");
                }
            }
            await(() -> served(beans, name), n);
            assertEquals(6L * n, attribute(beans, name, "BytesOut"));
        }
    }

    @Test
    void withoutTheFlagNoMBeanIsRegistered() throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ServerOptions options = TestHandlers.options(Mode.SYNC).build();
        try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), DatagramEcho.class, options)) {
            assertFalse(beans.isRegistered(ServerObjectName.of("udp", server.serverAddress())));
        }
    }

    private static long served(MBeanServer beans, ObjectName name) {
        try {
            return (Long) beans.getAttribute(name, "Served");
        } catch (javax.management.JMException e) {
            throw new AssertionError(e);
        }
    }

    private static Object attribute(MBeanServer beans, ObjectName name, String attribute) throws Exception {
        return beans.getAttribute(name, attribute);
    }

    private static void await(LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsLong());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
        assertEquals(1, found.size(), () -> type + ": " + found);
        return found.getFirst();
    }
}
