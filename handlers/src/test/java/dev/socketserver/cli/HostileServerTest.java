package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.cli.MainTest.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code get} and {@code shell} against servers that attack the client: a trickle, terminal escapes. */
@Timeout(60)
class HostileServerTest {

    /** Clears the screen, sets the window title and rings the bell, if printed raw. */
    private static final String ESCAPES = "\u001b[2J\u001b]0;pwned\u0007 all is well\u009b31m";

    @TempDir
    Path dir;

    @Test
    void deadlineEndsADownloadThatTricklesAndSavesNothing() throws Exception {
        // 1,000 bytes at one per half second: every read succeeds, the download would take 500 s.
        try (FakeFileServer server = new FakeFileServer(client -> {
            FakeFileServer.readOne(client);
            OutputStream out = client.getOutputStream();
            out.write("1000".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            FakeFileServer.readOne(client);
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(500);
            }
        })) {
            Path downloads = Files.createDirectory(dir.resolve("downloads"));
            Run run = MainTest.run("get", "--port", server.port(), "--timeout", "10", "--deadline", "1.5", "slow.bin",
                    "-o", downloads.resolve("slow.bin").toString());
            assertEquals(1, run.status(), run.err());
            assertEquals(List.of("socketserver get: no complete file within the deadline of 1.5 s; nothing saved"),
                    run.errLines());
            assertEquals(List.of(), names(downloads), "nothing saved, no partial file");
        }
    }

    @Test
    void helpSaysTimeoutIsPerReadAndOffersADeadline() {
        String help = MainTest.run("get", "--help").out();
        assertTrue(help.contains("--deadline") && help.contains("per read"), help);
    }

    @Test
    void getShowsTheServersErrorWithoutItsControlCharacters() throws Exception {
        try (FakeFileServer server = refusing()) {
            Run run = MainTest.run("get", "--port", server.port(), "x", "-o", dir.resolve("x").toString());
            assertEquals(1, run.status(), run.err());
            assertPrintable(run.err());
            assertTrue(run.err().startsWith("socketserver get: server refused: \\x1b[2J\\x1b]0;pwned\\x07 all is well\\x9b31m"), run.err());
        }
    }

    @Test
    void shellShowsTheServersErrorWithoutItsControlCharacters() throws Exception {
        try (FakeFileServer server = refusing()) {
            Run run = MainTest.runWithInput("get x\n", "shell", "--port", server.port(), "-d", dir.toString());
            assertEquals(1, run.status(), run.err());
            assertPrintable(run.err());
            assertPrintable(run.out());
            assertTrue(run.err().contains("server refused: \\x1b[2J"), run.err());
        }
    }

    private static FakeFileServer refusing() throws IOException {
        return new FakeFileServer(client -> {
            OutputStream out = client.getOutputStream();
            while (FakeFileServer.readOne(client) > 0) {
                out.write(("ERR " + ESCAPES + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
    }

    private static void assertPrintable(String text) {
        assertFalse(text.codePoints().anyMatch(c -> c != '\n' && Character.isISOControl(c)),
                "no control character but newlines: " + text.replaceAll("\\p{Cntrl}", "<ctl>"));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
