package dev.socketserver;

import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.observe.ServerObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * At {@code maxConnections} the serve loop leaves a new client in the backlog: the MXBean counts
 * the wait once (however many turns it spans) and its time, and a {@code dev.socketserver.LimitWait}
 * event records it.
 */
@Timeout(60)
class LimitWaitObservabilityTest {

    private static final Duration POLL = Duration.ofMillis(20); // many turns of the loop within one wait

    @Test
    void aClientWaitingForAFreeSlotIsCountedOnceAndRecorded(@TempDir Path dir) throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        ServerOptions options = TestHandlers.options(Mode.THREADED).jmx(true)
                .limits(Limits.builder().maxConnections(1).build()).build();
        Path file = dir.resolve("rec.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.socketserver.LimitWait");
            recording.start();
            try (var echo = Running.serve(new TcpServer(new InetSocketAddress("127.0.0.1", 0),
                    ObservabilityTest.LineEcho.class, options), POLL)) {
                ObjectName name = ServerObjectName.of("tcp", echo.server.serverAddress());
                try (SocketChannel first = connect(echo.server.serverAddress())) {
                    roundTrip(first, "takes the only slot");
                    assertEquals(0, counter(beans, name, "LimitWaits"), "a free slot was taken without a wait");
                    try (SocketChannel second = connect(echo.server.serverAddress())) {
                        ForkedTesting.await(() -> counter(beans, name, "LimitWaits") == 1, Duration.ofSeconds(30),
                                "the loop waits for a slot");
                        // The current wait's time counts while it lasts: 200 ms are about ten turns of the loop.
                        ForkedTesting.await(() -> counter(beans, name, "LimitWaitMillis") >= 200, Duration.ofSeconds(30),
                                "the wait's time grows");
                        first.close(); // frees the slot: the second client is served
                        roundTrip(second, "served after the wait");
                    }
                }
                assertEquals(1, counter(beans, name, "LimitWaits"), "one wait, however many turns it spanned");
                assertTrue(counter(beans, name, "LimitWaitMillis") >= 200);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> waits = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.socketserver.LimitWait")).toList();
        assertEquals(1, waits.size(), () -> "events: " + waits);
        RecordedEvent wait = waits.getFirst();
        assertEquals(1, wait.getInt("maxConnections"));
        assertEquals("tcp", wait.getString("transport"));
        assertTrue(wait.getBoolean("slotFreed"));
        assertTrue(wait.getDuration().compareTo(Duration.ofMillis(200)) >= 0, wait.getDuration().toString());
    }

    private static long counter(MBeanServer beans, ObjectName name, String attribute) {
        try {
            return (Long) beans.getAttribute(name, attribute);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }
}
