package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench}'s forked step: its bad arguments (one message, before any server starts), the
 * highest rate within p99 ≤ 1 s, the report's ratios, and {@code java -version}'s CPU.
 */
class ForkedMainTest {

    @TempDir
    Path dir;

    private static Point point(double rate, double throughput, double p50, double p99, long errors) {
        return new Point(rate, throughput, p50, p99, p99, p99, p99, 30, errors, 0, 0, "");
    }

    private String refusal(String... args) {
        return assertThrows(CompareMain.UsageException.class, () -> ForkedMain.run(args)).getMessage();
    }

    @Test
    void badArgumentsAreRefusedWithOneLine() throws IOException {
        assertEquals("usage: ForkedMain RESULTS_DIR NATIVE_DIR SERVE_JAR PROFILE [LIGHT_SECONDS]", refusal("only-one"));
        assertEquals("no executable " + dir.resolve("nload") + " (make -C bench/native builds it)",
                refusal(dir.toString(), dir.toString(), "x.jar", "quick"));
        Path tools = NativeTools.tools();
        assertEquals("no serve jar at " + dir.resolve("none.jar") + " (make build makes it)",
                refusal(dir.toString(), tools.toString(), dir.resolve("none.jar").toString(), "quick"));
        Path jar = Files.writeString(dir.resolve("s.jar"), "");
        assertEquals("profile must be a word such as quick, got '../x'",
                refusal(dir.toString(), tools.toString(), jar.toString(), "../x"));
        for (String seconds : new String[] {"0", "0.5", "fast", "601"}) {
            assertEquals("light-load seconds must be a number in [1, 600], got '" + seconds + "'",
                    refusal(dir.toString(), tools.toString(), jar.toString(), "quick", seconds));
        }
    }

    @Test
    void theHighestRateCountsUpFromTheLightOneAndStopsAtTheFirstMiss() {
        ForkedRun.Server server = new ForkedRun.Server(2, point(2, 2, 10, 50, 0), 0.1,
                List.of(point(4, 4, 20, 300, 0), point(8, 7.9, 400, 1200, 0), point(16, 16, 30, 90, 0)));
        assertEquals(4.0, server.highestRate(), "16/s after a miss at 8/s is noise, not a sustained rate");
        assertEquals(2.0, new ForkedRun.Server(0, point(2, 2, 10, 50, 0), 0.1,
                List.of(point(4, 3, 20, 300, 0))).highestRate(), "less than 90% answered does not count");
        assertEquals(2.0, new ForkedRun.Server(0, point(2, 2, 10, 50, 0), 0.1,
                List.of(point(4, 4, 20, 300, 1))).highestRate(), "a failed request does not count");
        assertNull(new ForkedRun.Server(0, point(2, 2, 900, 1001, 0), 0.1, List.of()).highestRate());
    }

    @Test
    void theReportGivesBothRatiosAgainstTheTargets() {
        ForkedRun run = new ForkedRun("2026-11-29T08:00:00Z", "1.00 1.00 1.00", "2.00 2.00 2.00", List.of(
                new ForkedRun.Server(2, point(2, 2, 5, 40, 0), 0.09, List.of(point(4, 4, 6, 50, 0))),
                new ForkedRun.Server(0, point(2, 2, 100, 400, 0), 0.12, List.of(point(4, 4, 120, 500, 0)))), 0.03);
        String markdown = ForkedReport.markdown(run, 15, "make bench");
        assertTrue(markdown.contains("| `serve --mode forked --fork-pool 2` | 5.00 | 40.0 | 30 | 4.00 | 0.090 |"), markdown);
        assertTrue(markdown.contains("| `java -Xshare:auto -version` | | | | | 0.030 |"), markdown);
        assertTrue(markdown.contains("Pooled p50 = 0.05 × the cold p50"), markdown);
        assertTrue(markdown.contains("CPU per pooled child = 3.00 × `java -version`'s"), markdown);
        assertTrue(markdown.contains("per cold child = 4.00 ×"), markdown);
    }

    @Test
    void javaVersionCostsSomeCpu() throws Exception {
        double seconds = ForkedMain.javaVersionCpu();
        assertTrue(seconds > 0 && seconds < 10, "one java -version: " + seconds + " s of CPU");
    }
}
