package dev.socketserver.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.handlers.FileClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application of the library ({@code src/test/module-app}: module {@code app}, which
 * {@code requires dev.socketserver.handlers}), compiled here against the library's modules and
 * run in a JVM of its own: on the module path, and the same classes on the class path. It serves
 * echo in every mode (forked included: its children must find the app's module) and files;
 * this test is the client. A handler in a package the app does not export is refused when the
 * server is built.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // reading the app's output blocks
class ModulePathTest {

    private static final Path SOURCES = Path.of("src/test/module-app");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The library's modules and what they require, as found on this test's class path. */
    private static final List<String> MODULE_JARS = List.of("server-core", "junixsocket-common",
            "junixsocket-native-common", "tinylog-api", "tinylog-impl", "picocli", "HdrHistogram", "annotations");

    @TempDir
    static Path work;
    private static String modulePath;
    private static Path app;

    @BeforeAll
    static void compileTheApp() throws IOException, InterruptedException {
        List<String> path = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean handlersClasses = Path.of(entry).endsWith(Path.of("handlers", "target", "classes"));
            boolean testCode = name.endsWith("-tests.jar") || name.equals("test-classes"); // server-core's test-jar
            if (!testCode && (handlersClasses || MODULE_JARS.stream().anyMatch(name::startsWith)
                    || entry.contains("server-core" + File.separator + "target" + File.separator + "classes"))) {
                path.add(entry);
            }
        }
        modulePath = String.join(File.pathSeparator, path);
        app = work.resolve("app");
        // javac as a process: these tests are compiled into the handlers module, which reads no java.compiler.
        List<String> javac = new ArrayList<>(List.of(JAVA.replaceFirst("java$", "javac"),
                "--module-path", modulePath, "-d", app.toString(), "-Xlint:none"));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> javac.add(file.toString()));
        }
        Process compiler = new ProcessBuilder(javac).redirectErrorStream(true).start();
        String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, compiler.waitFor(), "the app compiles against the library's modules " + modulePath + "\n" + output);
    }

    @Test
    void onTheModulePathEveryModeAndTheFileServerServe() throws Exception {
        servesEveryMode(List.of("--add-exports", "java.base/sun.nio.ch=dev.socketserver.core",
                "--enable-native-access=org.newsclub.net.unix",
                "--module-path", app + File.pathSeparator + modulePath, "-m", "app/app.Main"));
    }

    @Test
    void onTheClassPathTheSameAppServes() throws Exception {
        servesEveryMode(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", app + File.pathSeparator + modulePath, "app.Main"));
    }

    @Test
    void aHandlerInAnUnexportedPackageIsRefusedWhenTheServerIsBuilt() throws Exception {
        Process process = start(List.of("--module-path", app + File.pathSeparator + modulePath, "-m", "app/app.Main",
                "hidden"));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.startsWith("refused: "), out + stderr());
        assertTrue(out.contains("exports app.hidden to dev.socketserver.core"), out);
        assertTrue(out.contains("opens app.hidden to dev.socketserver.core"), out);
    }

    private static void servesEveryMode(List<String> launch) throws Exception {
        Path root = Files.createDirectories(work.resolve("files"));
        Files.writeString(root.resolve("a.txt"), "a file\n");
        List<String> command = new ArrayList<>(launch);
        command.add(root.toString());
        Process process = start(command);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long pid = -1;
            Map<String, Integer> ports = new LinkedHashMap<>();
            while (ports.size() < 6) {
                String line = out.readLine();
                assertTrue(line != null, "the app ended early: " + ports + stderr());
                if (line.startsWith("PID ")) {
                    pid = Long.parseLong(line.substring(4));
                } else if (line.startsWith("SERVING ")) {
                    String[] parts = line.split(" ");
                    ports.put(parts[1], Integer.parseInt(parts[2]));
                }
            }
            for (String mode : List.of("SYNC", "THREADED", "VIRTUAL", "FORKED")) {
                String reply = echo(ports.get(mode), "hello " + mode);
                assertTrue(reply.endsWith(": hello " + mode), mode + ": " + reply + stderr());
                long servedBy = Long.parseLong(reply.substring(4, reply.indexOf(':')));
                if (mode.equals("FORKED")) {
                    assertNotEquals(pid, servedBy, "a forked request is served by a child JVM");
                } else {
                    assertEquals(pid, servedBy, mode);
                }
            }
            servesAgainFromOneChild(ports.get("REUSED"), pid);
            try (FileClient files = FileClient.connect(new InetSocketAddress("127.0.0.1", ports.get("FILES")),
                    Duration.ofSeconds(30))) {
                assertEquals(7, files.fetch("a.txt"), "the file server sends the file, its digest checked");
            }
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the app did not stop when its input ended" + stderr());
            }
        }
        assertEquals(0, process.exitValue(), stderr());
    }

    /**
     * {@code requestsPerChild} 3 on this path: some child serves more than one request, each reply
     * right. Requests are spaced so that the child is back in the pool; a request that finds none
     * ready gets a child of its own, so up to ten are sent until one child has served two.
     */
    private static void servesAgainFromOneChild(int port, long serverPid) throws Exception {
        Map<Long, Integer> servedBy = new LinkedHashMap<>();
        for (int i = 0; i < 10 && !servedBy.containsValue(2); i++) {
            String reply = echo(port, "again " + i);
            assertTrue(reply.endsWith(": again " + i), "REUSED: " + reply + stderr());
            long pid = Long.parseLong(reply.substring(4, reply.indexOf(':')));
            assertNotEquals(serverPid, pid, "a forked request is served by a child JVM");
            servedBy.merge(pid, 1, Integer::sum);
            Thread.sleep(300);
        }
        assertTrue(servedBy.containsValue(2), "no child served a second request: " + servedBy + stderr());
    }

    private static String echo(int port, String text) throws IOException {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(30_000); // a server that never answers fails the test, not hangs it
            client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(work.resolve("stderr.txt").toFile()).start();
    }

    private static String stderr() throws IOException {
        return "\napp's stderr:\n" + Files.readString(work.resolve("stderr.txt"));
    }
}
