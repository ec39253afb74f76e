package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkOptions;
import dev.socketserver.Mode;
import dev.socketserver.internal.ClassInitLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pooled file-server child's small download runs for the first time, read from the child's
 * class initialisation log: nothing that only a large body needs (docs/forked.md, "What a pooled
 * request still ran for the first time").
 */
@Timeout(120)
class ForkedFileRequestPathTest {

    /** Initialised just before a pooled child says it is ready (its parent watch, prepared after the warm-up). */
    private static final String READY = "dev/socketserver/fork/ParentWatch$Held";

    @TempDir
    Path dir;

    /**
     * The send buffer a large body gets is chosen from two procfs files, read once; a child that
     * sends a small file never reads them (they cost a fresh JVM its first text reader and a
     * regular expression, on the request's path).
     */
    @Test
    void aSmallDownloadReadsNoProcfsForTheSendBuffer() throws Exception {
        Hardening world = new Hardening(dir);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        var options = ForkOptions.builder().aotCacheDirectory(null).warmChildren(1)
                .jvmOptions(List.of(ClassInitLog.option(logs.resolve("%p.log")))).build();
        try (var running = RunningServer.start(world.server(Mode.FORKED, false, dir, b -> b.fork(options)))) {
            var server = running.server();
            Hardening.awaitPoolSettled(server);
            Await.until("a waiting child nearly ready", () -> !logsWith(logs, READY).isEmpty());
            List<Path> pooled = List.of();
            // a request that comes before the server has read the child's ready byte gets a child started for it
            for (int attempt = 0; attempt < 5 && pooled.isEmpty(); attempt++) {
                try (RawClient client = RawClient.connect(server.serverAddress())) {
                    world.assertDownload(client, SampleRoot.SMALL);
                }
                Await.until("the request's child ended", () -> server.forkedChildren().orElseThrow().activeChildren().isEmpty());
                pooled = logsWith(logs, ClassInitLog.CHILD_EXIT).stream()
                        .filter(log -> initialised(log).contains(ClassInitLog.HANDED_OVER)).toList();
            }
            assertEquals(1, pooled.size(), "one request served by a waiting child: " + pooled);
            List<String> request = ClassInitLog.pooledRequest(pooled.getFirst());
            assertTrue(request.contains("dev/socketserver/handlers/SendBuffer"), "the body went through SendBuffer: " + request);
            assertFalse(request.contains("java/io/BufferedReader"), () -> "the request read a text file: " + request);
            assertFalse(request.stream().anyMatch(name -> name.startsWith("dev/socketserver/handlers/SendBuffer$")),
                    () -> "the request chose a large body's send buffer: " + request);
        }
    }

    /** The children's logs that name {@code className} as initialised. */
    private static List<Path> logsWith(Path logs, String className) {
        try (var all = Files.list(logs)) {
            return all.filter(log -> initialised(log).contains(className)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> initialised(Path log) {
        try {
            return Files.exists(log) ? ClassInitLog.initialised(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
