package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.handlers.RawClient;
import dev.socketserver.handlers.SampleRoot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve}'s batch scheduling (ServerOptions.batchScheduling): on by default, so a real
 * server process has a thread in Linux's {@code SCHED_BATCH} class (its serve loop, and the
 * threads that loop started) while it serves; none with {@code --no-batch-scheduling}.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(60)
class ServeBatchSchedulingTest {

    private static final int SCHED_BATCH = 3;

    @TempDir
    Path dir;

    @Test
    void theFlagIsOnUnlessTurnedOff() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertEquals(true, serve.batchScheduling);
        ServeCommand off = new ServeCommand();
        new CommandLine(off).parseArgs("--no-batch-scheduling");
        assertEquals(false, off.batchScheduling);
    }

    @Test
    void aServingServerHasBatchThreadsByDefault() throws Exception {
        assertTrue(batchThreadsWhileServing() > 0, "a thread in SCHED_BATCH");
    }

    @Test
    void noneWithNoBatchScheduling() throws Exception {
        assertEquals(0, batchThreadsWhileServing("--no-batch-scheduling"));
    }

    /**
     * A JVM that denies native access: the server serves all the same, in the normal class, and
     * says once on standard error why batch scheduling is off and which flag it needs.
     */
    @Test
    void withoutNativeAccessItServesAndSaysWhy() throws Exception {
        List<String> denied = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--illegal-native-access=deny");
        assertEquals(0, batchThreadsWhileServing(denied));
        List<String> said = Files.readAllLines(dir.resolve("stderr.txt")).stream()
                .filter(line -> line.contains("batch scheduling is off")).toList();
        assertEquals(1, said.size(), String.valueOf(said));
        assertTrue(said.getFirst().contains("--enable-native-access"), said.getFirst());
    }

    private long batchThreadsWhileServing(String... flags) throws Exception {
        return batchThreadsWhileServing(ServeProcess.JVM_FLAGS, flags);
    }

    /** Starts {@code serve}, downloads a file (so the loop is serving), and counts its threads in SCHED_BATCH. */
    private long batchThreadsWhileServing(List<String> jvmFlags, String... flags) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        SampleRoot.create(root);
        Process server = ServeProcess.start(jvmFlags, dir, root, flags);
        try {
            InetSocketAddress address = ServeProcess.readyAddress(server);
            try (RawClient client = RawClient.connect(address)) {
                assertEquals(SampleRoot.md5(root.resolve(SampleRoot.SMALL)), client.get(SampleRoot.SMALL).digest());
            }
            return batchThreads(server.pid());
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static long batchThreads(long pid) throws IOException {
        List<Path> tasks;
        try (Stream<Path> listed = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = listed.toList();
        }
        long count = 0;
        for (Path task : tasks) {
            try {
                String text = Files.readString(task.resolve("stat"));
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                if (Integer.parseInt(fields[41 - 3]) == SCHED_BATCH) { // field 41: policy
                    count++;
                }
            } catch (java.nio.file.NoSuchFileException e) { // a thread that ended meanwhile: not counted
                continue;
            }
        }
        return count;
    }
}
