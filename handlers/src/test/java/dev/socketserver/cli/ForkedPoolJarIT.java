package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forked server's warm pool from the jar, as a user runs it: once the children's AOT cache is
 * made, a waiting child has loaded what its request runs without opening the jar (its classes come
 * from the cache; junixsocket's initialisation and the selector provider's search would each open
 * it, some 8-10 ms of every child's CPU: docs/forked.md), reads its private channel with the
 * hand-off library, and serves its request.
 */
@Tag("jar")
@Timeout(120)
class ForkedPoolJarIT {

    @TempDir
    Path dir;

    @Test
    void aWaitingChildFromTheCacheHasNotOpenedTheJar() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.write(root.resolve("file-4k"), new byte[4096]);
        ProcessBuilder builder = JarIT.java(dir, "serve", "--mode", "forked", "--fork-pool", "1", "--port", "0",
                "--root", root.toString()).redirectError(dir.resolve("serve.stderr").toFile());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process server = builder.start();
        try {
            String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher ready = JarIT.READY.matcher(line == null ? "" : line);
            assertTrue(ready.matches(), "no ready line but " + line + "; " + Files.readString(dir.resolve("serve.stderr")));
            String port = ready.group(4).substring(ready.group(4).lastIndexOf(':') + 1);
            long child = -1;
            for (int request = 0; request < 20 && child < 0; request++) {
                download(port, request); // the first child trains the cache; a later one starts from it
                child = readyChildWithTheCache(server).orElse(-1L);
            }
            assertTrue(child > 0, "no waiting child started from the AOT cache");
            String jar = JarIT.jar().toRealPath().toString();
            assertEquals(List.of(), openFiles(child).stream().filter(jar::equals).toList(), "the waiting child has the jar open");
            String maps = Files.readString(Path.of("/proc", Long.toString(child), "maps"));
            assertTrue(maps.contains("socketserver-handoff"), "the waiting child loaded the hand-off library");
            assertFalse(maps.contains("junixsocket"), "the waiting child did not load junixsocket");
            download(port, 99); // served by that child (the only one waiting), which then ends
            ProcessHandle.of(child).ifPresent(handle -> handle.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child ended after its request");
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
        }
    }

    /** Downloads file-4k with the jar's get; it must arrive whole. */
    private void download(String port, int n) throws Exception {
        Path target = dir.resolve("copy-" + n);
        Path log = dir.resolve("get.log");
        Process get = JarIT.java(dir, "get", "--port", port, "file-4k", "-o", target.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertTrue(get.waitFor(60, TimeUnit.SECONDS), "get did not finish");
        assertEquals(0, get.exitValue(), Files.readString(log));
        assertArrayEquals(new byte[4096], Files.readAllBytes(target));
    }

    /**
     * A child of {@code server} that runs with the AOT cache and is ready: its parent watch's thread,
     * started just before it says so, is there (ForkedPoolTest.aReadyChildHasItsParentWatchThreadAlready).
     */
    private static Optional<Long> readyChildWithTheCache(Process server) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (ProcessHandle child : server.children().toList()) {
                long pid = child.pid();
                String command = readOrEmpty(Path.of("/proc", Long.toString(pid), "cmdline")); // empty: it ended meanwhile
                if (command.contains("-XX:AOTCache=") && threads(pid).contains("socketserver-pa")) {
                    return Optional.of(pid);
                }
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /** The names of {@code pid}'s threads; none once it has ended. */
    private static List<String> threads(long pid) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                names.add(readOrEmpty(task.resolve("comm")).strip());
            }
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }

    /** A /proc file's text; empty when its process or thread has ended. */
    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** What the process's descriptors point to, as paths. */
    private static List<String> openFiles(long pid) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                files.add(linkOrEmpty(fd));
            }
        }
        return files;
    }

    /** Where a descriptor's link points; empty when it was closed meanwhile. */
    private static String linkOrEmpty(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
