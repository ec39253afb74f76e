package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.readme.EchoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the README honest: its example server is {@code readme/EchoServer.java} (so it compiles,
 * and its handler is run here), and its Python→Java table names nothing the package
 * documentation does not.
 */
@Timeout(30)
class ReadmeExampleTest {

    private static final Path EXAMPLE = Path.of("src/test/java/dev/socketserver/readme/EchoServer.java");
    private static final Path PACKAGE_INFO = Path.of("src/main/java/dev/socketserver/package-info.java");

    @Test
    void theReadmeExampleIsTheCompiledOne() throws IOException {
        String block = codeBlock(section("A server in twenty lines"), "java");
        String source = Files.readString(EXAMPLE);
        String withoutPackage = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
        assertEquals(withoutPackage, block, "README example and " + EXAMPLE + " must be the same code");
        assertTrue(block.lines().count() <= 25, "the example stays short");
    }

    @Test
    void theExampleEchoesForSeveralClientsAtOnce() throws Exception {
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoServer.Echo.class,
                ServerOptions.builder().mode(Mode.VIRTUAL).build());
             ServingThread loop = ServingThread.start(server);
             SocketChannel first = SocketChannel.open(server.serverAddress());
             SocketChannel second = SocketChannel.open(server.serverAddress())) {
            // Both connections are open at once: the second is answered while the first still waits.
            assertEquals("two\n", roundTrip(second, "two\n"));
            assertEquals("one\n", roundTrip(first, "one\n"));
            first.shutdownOutput();
            assertEquals(0, TestIo.readAll(first).length, "the server closes once the client is done");
        }
    }

    /**
     * The example's own main(), in a JVM of its own (it serves until killed), on the README's port
     * 8000: started, talked to by two clients at once, stopped. Another build on this machine may
     * hold the port for a moment: a start that finds it in use is retried (bounded).
     */
    @Test
    @Timeout(120)
    void theExamplesMainServesEchoOnItsPort() throws Exception {
        Process example = startExample();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(example.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("echo server on /127.0.0.1:8000", out.readLine());
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8000);
            try (SocketChannel first = SocketChannel.open(address);
                 SocketChannel second = SocketChannel.open(address)) {
                assertEquals("two\n", roundTrip(second, "two\n"));
                assertEquals("one\n", roundTrip(first, "one\n"));
                first.shutdownOutput();
                assertEquals(0, TestIo.readAll(first).length, "the server closes once the client is done");
            }
        } finally {
            example.destroy();
            assertTrue(example.waitFor(30, TimeUnit.SECONDS), "the example ends on SIGTERM");
        }
    }

    private static Process startExample() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EchoServer.class.getName())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            // The example prints its line once it listens; a failed bind ends it with a stack trace.
            if (!example.waitFor(300, TimeUnit.MILLISECONDS) || example.exitValue() == 0) {
                Thread.ofVirtual().name("example-stderr").start(() -> drain(example));
                return example;
            }
            String err = new String(example.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!err.contains("Address already in use") || System.nanoTime() > deadline) {
                throw new AssertionError("the example did not start: " + err);
            }
            Thread.sleep(500); // port 8000 held by another run: try again
        }
    }

    private static void drain(Process example) {
        try {
            example.getErrorStream().transferTo(System.err);
        } catch (IOException e) {
            org.tinylog.Logger.debug(e, "the example's stderr ended");
        }
    }

    @Test
    void everyPythonNameOfTheReadmeTableIsInThePackageDocumentation() throws IOException {
        String table = section("Python to Java");
        String packageInfo = Files.readString(PACKAGE_INFO);
        List<String> pythonNames = new ArrayList<>();
        for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            String pythonCell = row.split("\\|")[1];
            Matcher name = Pattern.compile("`([^`]+)`").matcher(pythonCell);
            while (name.find()) {
                pythonNames.add(name.group(1));
            }
        }
        assertFalse(pythonNames.isEmpty(), "the README has a name table");
        for (String python : pythonNames) {
            assertTrue(packageInfo.contains("{@code " + python + "}"), python + " is missing from " + PACKAGE_INFO);
        }
    }

    private static String roundTrip(SocketChannel client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.write(ByteBuffer.wrap(bytes));
        ByteBuffer reply = ByteBuffer.allocate(bytes.length);
        while (reply.hasRemaining()) {
            if (client.read(reply) < 0) {
                break;
            }
        }
        return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
    }

    /** The README text under the heading {@code ## TITLE}, up to the next heading of that level. */
    private static String section(String title) throws IOException {
        String readme = Files.readString(readme());
        Matcher start = Pattern.compile("(?m)^## " + Pattern.quote(title) + "\\s*$").matcher(readme);
        assertTrue(start.find(), "README has a section '## " + title + "'");
        Matcher next = Pattern.compile("(?m)^## ").matcher(readme);
        int end = next.find(start.end()) ? next.start() : readme.length();
        return readme.substring(start.end(), end);
    }

    @Test
    void theReadmeFitsAFirstReadAndHasNoSectionMarkers() throws IOException {
        String readme = Files.readString(readme());
        assertTrue(readme.getBytes(StandardCharsets.UTF_8).length <= 12 * 1024,
                "README.md is over 12 KB: move detail into docs/");
        assertFalse(readme.contains("<!-- section:"), "section markers are for machines: use headings");
        for (Matcher link = Pattern.compile("\\]\\((docs/[^)#]+)").matcher(readme); link.find(); ) {
            assertTrue(Files.exists(readme().resolveSibling(link.group(1))), "README links a missing " + link.group(1));
        }
    }

    private static String codeBlock(String text, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(block.find(), "a ```" + language + " block");
        return block.group(1);
    }

    /** The project's README: the module runs its tests from its own directory. */
    private static Path readme() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "README.md above " + Path.of("").toAbsolutePath());
        return dir.resolve("README.md");
    }
}
