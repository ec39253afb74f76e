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
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar end to end, as a user runs it: {@code serve} on port 0 (or a Unix socket),
 * the ready line parsed, files downloaded with {@code get}, then SIGTERM. Runs in the package
 * phase, after the jar is built.
 */
@Tag("jar")
@Timeout(120)
class JarIT {

    /** What the JVM exits with after a SIGTERM once its shutdown hooks have run (128 + 15). */
    private static final int SIGTERM_STATUS = 143;
    static final Pattern READY = Pattern.compile(
            "ready mode=(\\S+) transport=(\\S+) handler=(\\S+) address=(\\S+)( root=.+)?");

    @TempDir
    Path dir;

    static Path jar() {
        Path jar = Path.of(System.getProperty("socketserver.jar", "target/socketserver.jar"));
        assertTrue(Files.isRegularFile(jar), "the jar " + jar.toAbsolutePath() + " is not built");
        return jar;
    }

    static ProcessBuilder java(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    /** Runs a short command to its end; returns its exit status, stderr appended to {@code log}. */
    private int runToEnd(Path workDir, Path log, String... args) throws Exception {
        Process process = java(workDir, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
        return process.exitValue();
    }

    /** A started {@code serve} and its parsed ready line. */
    private record Served(Process process, Matcher ready, Path stderr) {
        String address() {
            return ready.group(4);
        }

        int stop() throws InterruptedException {
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
            return process.exitValue();
        }
    }

    private Served serve(Path workDir, String... args) throws IOException {
        Path stderr = dir.resolve("serve-" + System.nanoTime() + ".stderr");
        List<String> command = new ArrayList<>(List.of("serve"));
        command.addAll(List.of(args));
        Process process = java(workDir, command.toArray(String[]::new)).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // the ready line, or null if serve died
        Matcher ready = READY.matcher(line == null ? "" : line);
        if (!ready.matches()) {
            process.destroyForcibly();
            throw new AssertionError("no ready line but '" + line + "'; stderr: " + Files.readString(stderr));
        }
        return new Served(process, ready, stderr);
    }

    /**
     * The jar is multi-release, as the libraries it bundles are: the JVM then loads junixsocket's
     * classes for this JDK. Without it, it loaded junixsocket's Java 8 classes, whose finalizers shut
     * down the descriptor numbers of sockets closed long before: under load, a forked server's waiting
     * children lost their channels and clients their connections (docs/forked.md, "A descriptor
     * closed twice").
     */
    @Test
    void theJarGivesBundledLibrariesTheirClassesForThisJdk() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            assertTrue(jar.isMultiRelease(), "the jar's manifest does not say Multi-Release: true");
            String loaded = jar.getJarEntry("org/newsclub/net/unix/CleanableState.class").getRealName();
            assertTrue(loaded.startsWith("META-INF/versions/"), "junixsocket's class for Java 8 is loaded: " + loaded);
        }
    }

    @Test
    void serveOnPortZeroDownloadThenSigterm() throws Exception {
        Path serverDir = Files.createDirectory(dir.resolve("server"));
        Path clientDir = Files.createDirectory(dir.resolve("client"));
        Path log = dir.resolve("get.log");
        Served served = serve(serverDir, "--port", "0", "--mode", "threaded", "--sample-files"); // as make run does
        try {
            assertEquals(List.of("threaded", "tcp", "file"), List.of(served.ready().group(1), served.ready().group(2),
                    served.ready().group(3)));
            String port = served.address().substring(served.address().lastIndexOf(':') + 1);
            assertTrue(served.address().startsWith("127.0.0.1:") && !port.equals("0"), served.address());
            Path samples = serverDir.resolve("sample-files"); // created by serve --sample-files: no --root was given
            for (String name : SampleFiles.NAMES) {
                assertEquals(0, runToEnd(clientDir, log, "get", "--port", port, name), Files.readString(log));
                Path local = clientDir.resolve(Path.of(name).getFileName());
                assertArrayEquals(Files.readAllBytes(samples.resolve(name)), Files.readAllBytes(local), name);
            }
            assertEquals("", Files.readString(log), "get is quiet when its output is not a terminal");
            assertEquals(1, runToEnd(clientDir, log, "get", "--port", port, "hello.txt"));
            assertTrue(Files.readString(log).contains("already exists; use --force"), Files.readString(log));
        } finally {
            assertEquals(SIGTERM_STATUS, served.stop());
        }
        assertTrue(Files.readString(served.stderr()).contains("socketserver serve: stopped"), Files.readString(served.stderr()));
    }

    /** The start-up's objects are collected and promoted before serve says ready, not by the first young collections under load. */
    @Test
    void serveCollectsItsStartUpHeapBeforeTheReadyLine() throws Exception {
        Path gcLog = dir.resolve("gc.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:gc:file=" + gcLog, "-jar", jar().toAbsolutePath().toString(), "serve", "--port", "0", "--sample-files"));
        Process process = new ProcessBuilder(command).directory(Files.createDirectory(dir.resolve("gc")).toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(ready != null && READY.matcher(ready).matches(), "no ready line but " + ready);
            String log = Files.readString(gcLog);
            assertTrue(log.contains("Pause Full (System.gc())"), "no full collection before ready: " + log);
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
        }
    }

    @Test
    void serveOnAUnixSocketRemovesItAfterSigterm() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "over a unix socket\n");
        Path socket = dir.resolve("files.sock");
        Served served = serve(dir, "--transport", "unix", "--path", socket.toString(), "--root", root.toString(),
                "--mode", "sync");
        try {
            assertEquals(socket.toString(), served.address());
            Path target = dir.resolve("a-copy.txt");
            assertEquals(0, runToEnd(dir, dir.resolve("get.log"), "get", "--path", socket.toString(), "a.txt", "-o",
                    target.toString()), Files.readString(dir.resolve("get.log")));
            assertEquals("over a unix socket\n", Files.readString(target));
            Path loadLog = dir.resolve("load.log"); // load's HdrHistogram is in the jar
            assertEquals(0, runToEnd(dir, loadLog, "load", "--path", socket.toString(), "--duration", "1", "--clients", "2",
                    "a.txt"), Files.readString(loadLog));
            assertTrue(Files.readString(loadLog).matches("requests=[1-9][0-9]* rate=.* errors=0\n"), Files.readString(loadLog));
        } finally {
            assertEquals(SIGTERM_STATUS, served.stop());
        }
        assertFalse(Files.exists(socket), "a graceful stop removes the socket file");
    }

    @Test
    void aBadValueIsOneLineAndStatus2() throws Exception {
        Path log = dir.resolve("bad.log");
        assertEquals(2, runToEnd(dir, log, "serve", "--transport", "carrier-pigeon"));
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().startsWith("socketserver serve: Invalid value for option '--transport'"), lines.getFirst());
    }

    /**
     * The jar leaves out junixsocket's copies for Java 14 to 20, which a JDK of 21 or later never
     * reads because each has one for Java 21 (fewer entries to read for every pooled child that
     * opens the jar: docs/forked.md). So every class of junixsocket's own jar must still resolve,
     * on this JDK, to the same bytes in ours.
     */
    @Test
    void junixsocketsClassesForThisJdkAreAllThere() throws IOException {
        Path original = Path.of(System.getProperty("junixsocket.jar", ""));
        assertTrue(Files.isRegularFile(original), "junixsocket's jar " + original + " is not known");
        try (JarFile theirs = new JarFile(original.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
             JarFile ours = new JarFile(jar().toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            List<String> classes = theirs.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")).toList();
            assertTrue(classes.size() > 100, "junixsocket's jar has " + classes.size() + " classes");
            for (String name : classes) {
                var expected = theirs.getJarEntry(name);
                var found = ours.getJarEntry(name);
                assertTrue(found != null, name + " is missing");
                assertEquals(expected.getRealName(), found.getRealName(), name + " resolves to another version");
                try (var a = theirs.getInputStream(expected); var b = ours.getInputStream(found)) {
                    assertArrayEquals(a.readAllBytes(), b.readAllBytes(), name + " differs");
                }
            }
        }
    }
}
