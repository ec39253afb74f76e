package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Wire compatibility with the seed's own Python programs (test resources {@code seed/}): its client
 * against our server in every mode, and our client against its server. Needs python3; without it
 * these tests fail, they are never skipped.
 */
@Timeout(120)
class SeedInteropTest {

    private static final List<String> FILES = List.of(SampleRoot.SMALL, SampleRoot.RANDOM, SampleRoot.EMPTY);

    @TempDir
    Path dir;

    private Path root() throws IOException {
        return SampleRoot.create(Files.createDirectories(dir.resolve("root")));
    }

    /** Runs the seed's client with {@code commands} on standard input, in {@code workDir}; returns its stdout. */
    private static Finished runSeedClient(int port, Path workDir, String commands) throws Exception {
        Path stdin = Files.writeString(workDir.resolveSibling(workDir.getFileName() + ".stdin"), commands);
        Path stdout = workDir.resolveSibling(workDir.getFileName() + ".stdout");
        Path stderr = workDir.resolveSibling(workDir.getFileName() + ".stderr");
        Process client = Python.seed("seed_client.py", "127.0.0.1", Integer.toString(port))
                .directory(workDir.toFile())
                .redirectInput(stdin.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("the seed's client did not finish within 60 s; stderr: " + Files.readString(stderr));
        }
        return new Finished(client.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    record Finished(int status, String out, String err) {
    }

    @ParameterizedTest
    @EnumSource(Mode.class) // forked included once that mode exists
    void seedClientAgainstOurServer(Mode mode) throws Exception {
        Path root = root();
        Path work = Files.createDirectory(dir.resolve("client-" + mode.flag()));
        ServerOptions options = ServerOptions.builder().mode(mode)
                .handlerConfig(HandlerConfig.of("root", root.toString())).build();
        try (var server = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                options))) {
            StringBuilder commands = new StringBuilder();
            for (String name : FILES) {
                commands.append("get ").append(name).append('\n');
            }
            Finished run = runSeedClient(server.server().serverAddress().getPort(), work, commands + "\n");
            assertEquals(0, run.status(), run.err());
            for (String name : FILES) {
                byte[] expected = Files.readAllBytes(root.resolve(name));
                assertArrayEquals(expected, Files.readAllBytes(work.resolve(name)), name);
                String md5 = SampleRoot.md5(expected);
                assertTrue(run.out().contains("md5 clinet and server " + md5 + " " + md5), name + ":\n" + run.out());
            }
        }
    }

    @Test
    void seedClientFailsOnOurRefusalBeforeCreatingAFile() throws Exception {
        Path root = root();
        Path work = Files.createDirectory(dir.resolve("client-refused"));
        try (var server = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                ServerOptions.builder().mode(Mode.VIRTUAL).handlerConfig(HandlerConfig.of("root", root.toString())).build()))) {
            Finished run = runSeedClient(server.server().serverAddress().getPort(), work, "get missing.txt\n");
            assertNotEquals(0, run.status());
            assertTrue(run.err().contains("ValueError") && run.err().contains("ERR no such file: missing.txt"), run.err());
            assertFalse(Files.exists(work.resolve("missing.txt")));
            try (RawClient client = RawClient.connect(server.server().serverAddress())) {
                assertEquals("12", client.reply("get " + SampleRoot.SMALL), "the server goes on serving");
            }
        }
    }

    @Test
    void ourClientAgainstSeedServer() throws Exception {
        Path root = root();
        Path downloads = Files.createDirectory(dir.resolve("downloads"));
        Process server = Python.seed("seed_server.py", "127.0.0.1", "0")
                .directory(root.toFile())
                .redirectError(dir.resolve("seed-server.stderr").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String portLine = out.readLine();
            assertTrue(portLine != null && portLine.matches("[0-9]+"), "the seed server's port line: " + portLine
                    + "; stderr: " + Files.readString(dir.resolve("seed-server.stderr")));
            Thread.ofPlatform().daemon().name("seed-server-stdout").start(() -> drain(out));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(portLine));
            try (FileClient client = FileClient.connect(address, Duration.ofSeconds(30))) {
                for (String name : FILES) { // one connection, several commands, as the seed's client does
                    Download download = client.get(name, downloads.resolve(name), false, Progress.NONE);
                    byte[] expected = Files.readAllBytes(root.resolve(name));
                    assertArrayEquals(expected, Files.readAllBytes(downloads.resolve(name)), name);
                    assertEquals(SampleRoot.md5(expected), download.md5());
                }
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Keeps the seed server's prints from filling the pipe. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the seed server logs each file name; nothing to check
            }
        } catch (IOException closed) {
            // the process was stopped: nothing left to drain
        }
    }
}
