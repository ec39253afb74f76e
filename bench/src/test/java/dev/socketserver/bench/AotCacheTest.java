package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/train-aot-cache} (what {@code make aot} runs, and {@code make run} and
 * {@code make compare} then start {@code serve} with): it trains a cache that the jar's plain
 * command line can use, holding the request path and the virtual-thread poller, and the JVM
 * refuses it for another jar. About 25 s: a training run with load from both kinds of connection.
 */
@Timeout(180)
class AotCacheTest {

    private static final Path JAR = MakeRun.ROOT.resolve("handlers/target/socketserver.jar");
    private static final String FROM_CACHE = " source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void theTrainedCacheFitsMakeRunsCommandLineAndHoldsTheRequestPath() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the jar, built before the bench module's tests: " + JAR);
        Path cache = dir.resolve("serve.aot");
        Result training = run(List.of(MakeRun.ROOT.resolve("scripts/train-aot-cache").toString(), JAR.toString(),
                cache.toString()));
        assertEquals(0, training.status(), training.output());
        assertTrue(Files.size(cache) > 1_000_000, "a cache of " + Files.size(cache) + " bytes");

        // AOTMode=on: a JVM that cannot use the cache does not start (auto would go on without it)
        Result used = java("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xlog:class+load", "-jar", JAR.toString(), "--version");
        assertEquals(0, used.status(), used.output());
        for (String trained : List.of("dev.socketserver.handlers.FileDownloadHandler", "dev.socketserver.ServeLoop",
                "sun.nio.ch.Poller")) {
            assertTrue(used.output().contains(trained + FROM_CACHE), trained + " from the cache:\n" + used.output());
        }

        Path otherJar = Files.copy(JAR, dir.resolve("socketserver.jar")); // same bytes, another path and time
        Result refused = java("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-jar", otherJar.toString(), "--version");
        assertEquals(1, refused.status(), refused.output());
        assertTrue(refused.output().contains("Unable to use AOT cache"), refused.output());
    }

    @Test
    void noJarIsAUsageErrorAndLeavesTheCacheAlone() throws Exception {
        Path cache = Files.writeString(dir.resolve("serve.aot"), "an earlier cache");
        Result result = run(List.of(MakeRun.ROOT.resolve("scripts/train-aot-cache").toString(),
                dir.resolve("missing.jar").toString(), cache.toString()));
        assertEquals(2, result.status(), result.output());
        assertTrue(result.output().contains("usage: scripts/train-aot-cache JAR CACHE"), result.output());
        assertTrue(result.output().contains("no file " + dir.resolve("missing.jar")), result.output());
        assertEquals("an earlier cache", Files.readString(cache), "nothing was removed or written");
    }

    private record Result(int status, String output) {
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path output = dir.resolve("output-" + System.nanoTime());
        Process process = new ProcessBuilder(command).directory(MakeRun.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " still running after 120 s:\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
