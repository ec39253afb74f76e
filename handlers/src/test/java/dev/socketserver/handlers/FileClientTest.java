package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.StreamRequestHandler;
import dev.socketserver.TcpServer;
import dev.socketserver.UnixStreamServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against our server and against servers that misbehave: nothing partial is ever kept. */
@Timeout(60)
class FileClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Announces 5 bytes, sends them, then a digest that is not theirs. */
    public static final class WrongDigest extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            rfile().read(new byte[1024]); // the command
            send("5".getBytes(StandardCharsets.US_ASCII));
            rfile().read(new byte[1024]);
            send(("hello" + "0".repeat(32)).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Announces 100 bytes and hangs up after 10. */
    public static final class HangsUpMidBody extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            rfile().read(new byte[1024]); // the command
            send("100".getBytes(StandardCharsets.US_ASCII));
            rfile().read(new byte[1024]);
            send("0123456789".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Replies something that is neither a size nor an error. */
    public static final class Garbles extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            rfile().read(new byte[1024]); // the command
            send("twelve\u0007".getBytes(StandardCharsets.UTF_8));
        }
    }

    private RunningServer<TcpServer> fileServer(Path root) throws IOException {
        return RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                ServerOptions.builder().mode(Mode.VIRTUAL).handlerConfig(HandlerConfig.of("root", root.toString())).build()));
    }

    private Path downloads() throws IOException {
        return Files.createDirectories(dir.resolve("downloads"));
    }

    /** The names in the downloads directory, temporary files included. */
    private List<String> downloaded() throws IOException {
        try (Stream<Path> files = Files.list(downloads())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsAndVerifiesSeveralFilesOnOneConnection() throws Exception {
        Path root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        List<Long> progress = new java.util.ArrayList<>();
        Progress recording = new Progress() {
            @Override public void started(String name, long size) { progress.add(-size); }
            @Override public void advanced(long received) { progress.add(received); }
            @Override public void finished(boolean success) { progress.add(success ? 1L : 0L); }
        };
        try (var server = fileServer(root); FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            for (String name : List.of(SampleRoot.RANDOM, SampleRoot.EMPTY, SampleRoot.NESTED)) {
                Path target = downloads().resolve(FileClient.localName(name));
                Download download = client.get(name, target, false, recording);
                assertArrayEquals(Files.readAllBytes(root.resolve(name)), Files.readAllBytes(target), name);
                assertEquals(SampleRoot.md5(root.resolve(name)), download.md5());
            }
        }
        assertEquals(List.of("empty.txt", "nested.txt", "random.bin"), downloaded());
        assertEquals(-(300 * 1024 + 7L), progress.getFirst());
        assertTrue(progress.contains(300 * 1024 + 7L) && progress.contains(1L));
    }

    @Test
    void refusalLeavesNoFileAndTheConnectionUsable() throws Exception {
        Path root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        try (var server = fileServer(root); FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            var refused = assertThrows(DownloadException.class,
                    () -> client.get("../etc/passwd", downloads().resolve("passwd"), false, Progress.NONE));
            assertTrue(refused.getMessage().startsWith("server refused: '..' is not allowed"), refused.getMessage());
            assertTrue(refused.connectionUsable());
            assertEquals(List.of(), downloaded());
            client.get(SampleRoot.SMALL, downloads().resolve("small.txt"), false, Progress.NONE);
            assertEquals(List.of("small.txt"), downloaded());
        }
    }

    @Test
    void anExistingFileIsKeptUnlessOverwriteIsAsked() throws Exception {
        Path root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        Path target = downloads().resolve("small.txt");
        Files.writeString(target, "mine");
        try (var server = fileServer(root); FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            var exists = assertThrows(DownloadException.class, () -> client.get(SampleRoot.SMALL, target, false, Progress.NONE));
            assertTrue(exists.getMessage().contains("already exists; use --force"), exists.getMessage());
            assertEquals("mine", Files.readString(target));
            client.get(SampleRoot.SMALL, target, true, Progress.NONE);
            assertEquals("hello, seed\n", Files.readString(target));
            assertEquals(List.of("small.txt"), downloaded());
        }
    }

    @Test
    void digestMismatchSavesNothing() throws Exception {
        assertNothingSaved(WrongDigest.class, "MD5 mismatch");
    }

    @Test
    void connectionClosedMidBodySavesNothing() throws Exception {
        assertNothingSaved(HangsUpMidBody.class, "the connection closed after 10 of 100 bytes");
    }

    @Test
    void anUnparsableReplyIsAnError() throws Exception {
        assertNothingSaved(Garbles.class, "unexpected reply from the server: 'twelve\\x07'");
    }

    private void assertNothingSaved(Class<? extends StreamRequestHandler> handler, String expected) throws Exception {
        Path target = downloads().resolve("file");
        try (var server = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), handler));
             FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            var failed = assertThrows(DownloadException.class, () -> client.get("file", target, false, Progress.NONE));
            assertTrue(failed.getMessage().startsWith(expected), failed.getMessage());
        }
        assertFalse(Files.exists(target));
        assertEquals(List.of(), downloaded(), "no temporary file left behind");
    }

    @Test
    void worksOverAUnixSocket() throws Exception {
        Path root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        try (var server = RunningServer.start(new UnixStreamServer(dir.resolve("files.sock"), FileDownloadHandler.class,
                ServerOptions.builder().handlerConfig(HandlerConfig.of("root", root.toString())).build()));
             FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            client.get(SampleRoot.RANDOM, downloads().resolve("r.bin"), false, Progress.NONE);
            assertArrayEquals(Files.readAllBytes(root.resolve(SampleRoot.RANDOM)), Files.readAllBytes(downloads().resolve("r.bin")));
        }
    }

    @Test
    void localNamesAreTheLastSegment() throws DownloadException {
        assertEquals(Path.of("a.txt"), FileClient.localName("docs/a.txt"));
        assertEquals(Path.of("a.txt"), FileClient.localName("a.txt"));
        for (String bad : new String[] {"..", "docs/..", "/", "", "."}) {
            assertThrows(DownloadException.class, () -> FileClient.localName(bad), bad);
        }
    }

    @Test
    void namesThatCannotBeSentAreRejectedLocally() throws Exception {
        Path root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        try (var server = fileServer(root); FileClient client = FileClient.connect(server.server().serverAddress(), TIMEOUT)) {
            for (String bad : new String[] {"a\nget b", " ", "x".repeat(2000)}) {
                var error = assertThrows(DownloadException.class, () -> client.get(bad, downloads().resolve("x"), false,
                        Progress.NONE));
                assertTrue(error.connectionUsable());
            }
            client.get(SampleRoot.SMALL, downloads().resolve("small.txt"), false, Progress.NONE);
        }
    }
}
