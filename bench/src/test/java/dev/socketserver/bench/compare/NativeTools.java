package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds bench/native with make and gcc for the tests (the test phase compiles the C code; a
 * machine without gcc fails here with make's one-line reason, it never skips), and runs the tools.
 */
final class NativeTools {

    private static final Path SOURCES = Path.of("native").toAbsolutePath();

    private NativeTools() {
    }

    /** The directory holding nload and nserve, built with {@code make VARIABLES...} into target/DIR. */
    static synchronized Path build(String dir, String... variables) {
        Path out = Path.of("target", dir).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("make", "-s", "-C", SOURCES.toString(), "OUT=" + out));
        command.addAll(List.of(variables));
        Result result = run(command);
        if (result.exit() != 0) {
            fail("building the native tools failed (they need make and gcc): " + result.err() + result.out());
        }
        return out;
    }

    static Path tools() {
        return build("native");
    }

    /** What a finished process printed and its exit status. */
    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // Small outputs (a summary, an error line): reading one stream after the other cannot stall.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not end within 60 s");
            }
            return new Result(process.exitValue(), out, err);
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted running " + command, e);
        }
    }
}
