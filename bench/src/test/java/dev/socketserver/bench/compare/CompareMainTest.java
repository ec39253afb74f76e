package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's bad arguments: one message, before any server starts. */
class CompareMainTest {

    @TempDir
    Path dir;

    private String refusal(String... args) {
        return assertThrows(CompareMain.UsageException.class, () -> CompareMain.run(args)).getMessage();
    }

    @Test
    void wrongNumberOfArgumentsIsTheUsage() {
        assertEquals("usage: CompareMain RESULTS_DIR NATIVE_DIR SERVE_JAR [SECONDS_PER_RATE]", refusal("only-one"));
    }

    @Test
    void missingNativeToolsSayHowToBuildThem() {
        assertEquals("no executable " + dir.resolve("nload") + " (make -C bench/native builds it)",
                refusal(dir.resolve("results").toString(), dir.toString(), "x.jar"));
    }

    @Test
    void missingJarAndBadSecondsAreRefused() throws IOException {
        Path tools = NativeTools.tools();
        assertEquals("no serve jar at " + dir.resolve("none.jar") + " (make build makes it)",
                refusal(dir.toString(), tools.toString(), dir.resolve("none.jar").toString()));
        Path jar = Files.writeString(dir.resolve("s.jar"), "");
        for (String seconds : new String[] {"0", "-1", "fast", "601"}) {
            assertEquals("seconds per rate must be a number in (0, 600], got '" + seconds + "'",
                    refusal(dir.toString(), tools.toString(), jar.toString(), seconds));
        }
    }
}
