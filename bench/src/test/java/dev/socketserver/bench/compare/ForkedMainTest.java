package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench}'s forked step: its bad arguments (one message, before any server starts), the
 * highest rate within p99 ≤ 1 s, the report's ratios, and {@code java -version}'s CPU (the yardstick).
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
        ForkedRun.Server server = new ForkedRun.Server(2, point(2, 2, 10, 50, 0), 0.1, 0.03,
                List.of(point(4, 4, 20, 300, 0), point(8, 7.9, 400, 1200, 0), point(16, 16, 30, 90, 0)));
        assertEquals(4.0, server.highestRate(), "16/s after a miss at 8/s is noise, not a sustained rate");
        assertEquals(2.0, new ForkedRun.Server(0, point(2, 2, 10, 50, 0), 0.1, 0.03,
                List.of(point(4, 3, 20, 300, 0))).highestRate(), "less than 90% answered does not count");
        assertEquals(2.0, new ForkedRun.Server(0, point(2, 2, 10, 50, 0), 0.1, 0.03,
                List.of(point(4, 4, 20, 300, 1))).highestRate(), "a failed request does not count");
        assertNull(new ForkedRun.Server(0, point(2, 2, 900, 1001, 0), 0.1, 0.03, List.of()).highestRate());
    }

    @Test
    void theReportGivesBothRatiosAgainstTheTargets() {
        ForkedRun run = new ForkedRun("2026-11-29T08:00:00Z", "1.00 1.00 1.00", "2.00 2.00 2.00", List.of(
                new ForkedRun.Server(2, point(2, 2, 5, 40, 0), 0.09, 0.045, List.of(point(4, 4, 6, 50, 0))),
                new ForkedRun.Server(0, point(2, 2, 100, 400, 0), 0.12, 0.024, List.of(point(4, 4, 120, 500, 0)))),
                List.of(0.04, 0.03, 0.02));
        String markdown = ForkedReport.markdown(run, 15, "make bench");
        assertTrue(markdown.contains("| `serve --mode forked --fork-pool 2` | 5.00 | 40.0 | 30 | 4.00 | 0.090 | 0.045 |"), markdown);
        assertTrue(markdown.contains("| `java -Xshare:auto -version` (median of 3 runs, just before and after each light load) | | | | | 0.030 | |"),
                markdown);
        assertTrue(markdown.contains("Pooled p50 = 0.05 × the cold p50"), markdown);
        // each server's children against the java -version runs around its own light load, then against all runs
        assertTrue(markdown.contains("CPU per pooled child = 2.00 × `java -version`'s around its light load (target ≤ 1.5 ×;"
                + " 3.00 × the median of all runs)"), markdown);
        assertTrue(markdown.contains("per cold child = 5.00 × (4.00 ×)"), markdown);
    }

    /** The JSON holds the yardstick's every run, their median, and each server's own yardstick. */
    @Test
    void theJsonGivesTheYardstickAndItsRuns() throws IOException {
        ForkedRun run = new ForkedRun("2026-11-29T08:00:00Z", "1.00 1.00 1.00", "2.00 2.00 2.00", List.of(
                new ForkedRun.Server(2, point(2, 2, 5, 40, 0), 0.09, 0.045, List.of())), List.of(0.04, 0.03, 0.02));
        Path json = dir.resolve("forked.json");
        ForkedReport.writeJson(json, run);
        JsonNode written = Jsons.MAPPER.readTree(json.toFile());
        assertEquals(0.03, written.path("java_version_cpu_s").asDouble(), written.toString());
        assertEquals(3, written.path("java_version_runs_cpu_s").size(), written.toString());
        assertEquals(0.045, written.path("servers").path(0).path("java_version_cpu_s").asDouble(), written.toString());
    }

    /** The yardstick's runs, each measured by the native cputime to the microsecond: not 10 ms ticks. */
    @Test
    void javaVersionsCpuIsTakenRunByRun() throws Exception {
        JavaVersionCpu yardstick = new JavaVersionCpu(NativeTools.tools(), ProcessHandle.current().info().command().orElseThrow());
        assertEquals(3, yardstick.measure(3).size());
        assertEquals(2, yardstick.measure(2).size());
        List<Double> runs = yardstick.runs();
        assertEquals(5, runs.size(), "runs: " + runs);
        for (double run : runs) {
            assertTrue(run > 0 && run < 10, "one java -version: " + run + " s of CPU");
        }
        assertTrue(runs.stream().anyMatch(run -> Math.abs(run * 100 - Math.round(run * 100)) > 1e-6),
                "every run a whole number of 10 ms ticks: " + runs);
        assertEquals(JavaVersionCpu.median(runs), new ForkedRun("2026-11-30T00:00:00Z", "0 0 0", "0 0 0", List.of(), runs)
                .javaVersionCpuSeconds(), "the run's yardstick is the median of its runs");
    }

    @Test
    void theYardsticksMedianIsTheMiddleRun() {
        assertEquals(0.03, JavaVersionCpu.median(List.of(0.05, 0.03, 0.02)));
        assertEquals(0.035, JavaVersionCpu.median(List.of(0.05, 0.03, 0.04, 0.02)), 1e-12);
        assertTrue(Double.isNaN(JavaVersionCpu.median(List.of())));
    }

    @Test
    void aMissingCputimeIsRefusedWithOneLine() {
        CompareMain.UsageException e = assertThrows(CompareMain.UsageException.class, () -> new JavaVersionCpu(dir, "java"));
        assertEquals("no executable " + dir.resolve("cputime") + " (make -C bench/native builds it)", e.getMessage());
    }

    /** A failing command is an error naming it, not a figure. */
    @Test
    void aYardstickRunThatFailsIsAnError() throws Exception {
        JavaVersionCpu broken = new JavaVersionCpu(NativeTools.tools(), dir.resolve("no-java").toString());
        IOException e = assertThrows(IOException.class, () -> broken.measure(1));
        assertTrue(e.getMessage().contains("no-java -Xshare:auto -version exited 1"), e.getMessage());
        assertTrue(broken.runs().isEmpty());
    }
}
