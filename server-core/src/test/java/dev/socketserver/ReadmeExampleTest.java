package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.readme.EchoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                ServerOptions.defaults().withMode(Mode.VIRTUAL));
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
