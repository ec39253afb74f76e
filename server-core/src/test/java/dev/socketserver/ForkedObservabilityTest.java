package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.observe.ServerObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forked mode's requests run in children, and the parent counts them: its ServerMXBean's
 * {@code Served} and {@code Failed}, and a {@code dev.socketserver.Request} event per request.
 */
@Timeout(120)
class ForkedObservabilityTest {

    /** Echoes one line; throws on the line {@code fail} (the child then exits 1). */
    public static final class EchoOrFail extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line = TestIo.readLine(rfile());
            if (new String(line, StandardCharsets.UTF_8).equals("fail\n")) {
                throw new IllegalStateException("expected by the test: the client asked for a failure");
            }
            wfile().write(line);
        }
    }

    @Test
    void requestsServedByChildrenAreCountedInTheParent(@TempDir Path dir) throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ServerOptions options = TestHandlers.options(Mode.FORKED).jmx(true).build();
        int n = 3;
        Path file = dir.resolve("rec.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.socketserver.Request");
            recording.start();
            try (var forked = ForkedTesting.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoOrFail.class, options))) {
                ObjectName name = ServerObjectName.of("tcp", forked.server.serverAddress());
                for (int i = 0; i < n; i++) {
                    try (SocketChannel client = connect(forked.server.serverAddress())) {
                        roundTrip(client, "hello " + i);
                    }
                }
                try (SocketChannel client = connect(forked.server.serverAddress())) {
                    client.write(ByteBuffer.wrap("fail\n".getBytes(StandardCharsets.UTF_8)));
                    assertClosedByServer(client);
                }
                // A child's request counts once the child has exited: wait for that, don't sleep.
                ForkedTesting.await(() -> counter(beans, name, "Served") == n && counter(beans, name, "Failed") == 1,
                        Duration.ofSeconds(60), "served " + n + " and failed 1");
                assertEquals(n, counter(beans, name, "Served"));
                assertEquals(1, counter(beans, name, "Failed"));
                assertEquals(0L, counter(beans, name, "BytesIn"), "bytes move in the children");
            }
            recording.stop();
            recording.dump(file);
        }
        Map<String, List<RecordedEvent>> byOutcome = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.socketserver.Request"))
                .collect(Collectors.groupingBy(e -> e.getString("outcome")));
        assertEquals(n, byOutcome.getOrDefault("ok", List.of()).size(), () -> "events: " + byOutcome);
        assertEquals(1, byOutcome.getOrDefault("failed", List.of()).size(), () -> "events: " + byOutcome);
        for (RecordedEvent event : byOutcome.get("ok")) {
            assertEquals("forked", event.getString("mode"));
            assertTrue(event.getString("client").contains("127.0.0.1"), event.getString("client"));
            assertTrue(event.getDuration().isPositive(), "timed from the hand-off to the child's exit");
        }
    }

    /** A child that cannot be started is a failed request, not one that never happened. */
    @Test
    void aChildThatCannotStartIsCountedAsFailed(@TempDir Path dir) throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ForkOptions noJava = ForkOptions.builder().aotCacheDirectory(null).warmChildren(0)
                .javaCommand(dir.resolve("no-such-java")).build();
        ServerOptions options = TestHandlers.options(Mode.FORKED).fork(noJava).jmx(true).build();
        try (var forked = ForkedTesting.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoOrFail.class, options))) {
            ObjectName name = ServerObjectName.of("tcp", forked.server.serverAddress());
            for (int i = 0; i < 2; i++) {
                try (SocketChannel client = connect(forked.server.serverAddress())) {
                    client.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
                    assertClosedByServer(client);
                }
            }
            ForkedTesting.await(() -> counter(beans, name, "Failed") == 2, Duration.ofSeconds(60), "failed 2");
            assertEquals(0, counter(beans, name, "Served"));
        }
    }

    private static long counter(MBeanServer beans, ObjectName name, String attribute) {
        try {
            return (Long) beans.getAttribute(name, attribute);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }
}
