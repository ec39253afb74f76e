package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A {@code get} process stopped by SIGTERM mid-download leaves no partial file and says nothing was saved. */
@Timeout(120)
class GetStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermMidDownloadRemovesThePartialFileAndSaysSo() throws Exception {
        // Announces 100 MB, sends 64 KiB, then waits: the client is mid-download until stopped.
        try (FakeFileServer server = new FakeFileServer(client -> {
            FakeFileServer.readOne(client);
            OutputStream out = client.getOutputStream();
            out.write("100000000".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            FakeFileServer.readOne(client);
            out.write(new byte[64 * 1024]);
            out.flush();
            FakeFileServer.awaitClose(client);
        })) {
            Path stderr = dir.resolve("stderr.txt");
            Path downloads = Files.createDirectory(dir.resolve("downloads"));
            Process get = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "get", "--port", server.port(), "big.bin", "-o", downloads.resolve("big.bin").toString())
                    .redirectError(stderr.toFile()).start();
            try {
                awaitPartialFile(downloads, get);
                get.destroy(); // SIGTERM
                assertTrue(get.waitFor(60, TimeUnit.SECONDS), "get ends on SIGTERM");
            } finally {
                get.destroyForcibly();
            }
            assertEquals(List.of(), names(downloads), "no partial file left");
            String err = Files.readString(stderr);
            assertTrue(err.contains("socketserver get: stopped; nothing saved to " + downloads.resolve("big.bin")), err);
            assertEquals(1, err.lines().count(), err);
        }
    }

    /** Waits (boundedly) until the download's hidden temporary file has data in it. */
    private static void awaitPartialFile(Path downloads, Process get) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                if (files.anyMatch(f -> f.getFileName().toString().matches("\\.big\\.bin\\..*\\.part") && f.toFile().length() > 0)) {
                    return;
                }
            }
            assertTrue(get.isAlive(), "get ended before the download started");
            Thread.sleep(20);
        }
        throw new AssertionError("no partial file appeared in " + downloads);
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
