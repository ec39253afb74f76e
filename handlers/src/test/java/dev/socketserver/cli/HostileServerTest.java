package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
