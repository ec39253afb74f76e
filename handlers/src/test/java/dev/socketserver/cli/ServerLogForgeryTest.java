package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients send or choose (file names, a Unix socket path) reaches the log of a real
 * {@code serve} process (at DEBUG, so every refusal is logged) escaped: no line of the log is forged.
 */
@Timeout(60)
class ServerLogForgeryTest {

    private static final String FORGED = "12:00:00.000 ERROR [main] FORGED";

    @TempDir
    Path dir;

    @Test
    void clientTextCannotForgeALogLine() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "a");
        Path socket = dir.resolve("s.sock");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtinylog.writer.level=debug",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--transport", "unix", "--path", socket.toString(), "--root", root.toString(),
                "--idle-timeout", "1")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(ready != null && Files.exists(socket), "ready line: " + ready);
            // The client names its own socket file: its address is in the server's idle-close line.
            try (SocketChannel named = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                named.bind(UnixDomainSocketAddress.of(dir.resolve("c\n" + FORGED + " address")));
                named.connect(UnixDomainSocketAddress.of(socket));
                exchange(named, "get nosuch\n");
                assertEquals(-1, named.read(ByteBuffer.allocate(64)), "closed by the server when idle");
            }
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                for (String command : List.of("get a\u2028" + FORGED + " separator\n", "get \u001b[2Jb\n",
                        "put\u001b" + FORGED + "\n", "get a\r" + FORGED + " cr\n", "get a\u0085" + FORGED + " nel\n")) {
                    String reply = exchange(client, command);
                    assertTrue(reply.startsWith("ERR "), reply);
                    assertFalse(reply.strip().codePoints().anyMatch(c -> Character.isISOControl(c) || c == '\u2028'),
                            "the reply is printable: " + reply);
                }
            }
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        } finally {
            server.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(log.contains("FORGED address: idle for"), "the idle close was logged, escaped:\n" + log);
        assertTrue(log.contains("FORGED separator"), "the refusal was logged, escaped:\n" + log);
        assertFalse(log.codePoints().anyMatch(c -> (c != '\n' && Character.isISOControl(c)) || c == '\u2028'),
                "no control character but the line ends:\n" + log);
        for (String line : log.lines().toList()) {
            assertTrue(line.matches("[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} [A-Z]+ \\[.*") || line.startsWith("socketserver serve: "),
                    "a line the server wrote: " + line);
            assertFalse(line.startsWith(FORGED), line);
        }
    }

    /** Sends one command and returns the reply (one read). */
    private static String exchange(SocketChannel client, String command) throws Exception {
        client.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer reply = ByteBuffer.allocate(1024);
        client.read(reply);
        return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
    }
}
