package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pooled child's threads while it waits for its request, read from {@code /proc}: those its
 * request needs are started already, and they sleep, for a waiting child's CPU is paid per request
 * (docs/forked.md, "Cheaper pooled children").
 */
@Timeout(90)
class ForkedWaitingChildTest {

    @Test
    void aReadyChildHasItsParentWatchThreadAlready() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, ForkedPoolTest.pooled(1))) {
            var serving = ForkedTesting.serve(server);
            long child = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            assertNotNull(thread(child, "socketserver-parent-watch"), "threads of a ready child: " + threads(child).keySet());
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of());
        }
    }

    /**
     * The warm-up starts the timer thread (the request's first deadline would otherwise pay for
     * it) and leaves it nothing to wake for: a pace queued then woke it a second later and a
     * second after that, each time running the executor's code interpreted (1.8 ms of CPU).
     */
    @Test
    void aReadyChildsTimerThreadIsStartedAndSleeps() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, ForkedPoolTest.pooled(1))) {
            var serving = ForkedTesting.serve(server);
            long child = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            Path timer = thread(child, "socketserver-timer");
            assertNotNull(timer, "threads of a ready child: " + threads(child).keySet());
            long before = switches(timer);
            Thread.sleep(2_500);
            assertEquals(before, switches(timer), "the timer thread of a waiting child woke up");
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of());
        }
    }

    /** A thread's directory under /proc/PID/task, by its name (a Linux thread name holds 15 characters). */
    private static @Nullable Path thread(long pid, String name) throws IOException {
        return threads(pid).get(name.substring(0, Math.min(15, name.length())));
    }

    private static Map<String, Path> threads(long pid) throws IOException {
        Map<String, Path> byName = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                byName.put(Files.readString(task.resolve("comm")).strip(), task);
            }
        }
        return byName;
    }

    /** How many times the thread has been switched out: each sleep after a wake-up counts one. */
    private static long switches(Path task) throws IOException {
        long count = 0;
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                count += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        assertTrue(count > 0, "no context switches read from " + task);
        return count;
    }
}
