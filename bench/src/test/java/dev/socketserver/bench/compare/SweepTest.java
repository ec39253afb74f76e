package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a sweep reports: the highest rate within p99 ≤ 10 ms, and CPU per request where it was read. */
class SweepTest {

    private static Point point(double rate, double throughput, double p99, long errors, double cpu) {
        return new Point(rate, throughput, p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3, 100, errors, 0, cpu, "");
    }

    /**
     * Both servers answered all of 8,000/s and neither 16,000/s (an open loop past capacity
     * collapses): their sweeps alone tie to within a few requests; the closed loop reads the peak.
     */
    @Test
    void thePeakIsTheClosedLoopsWhenItAnsweredMoreThanAnyRate() {
        List<Point> points = List.of(point(8000, 7989, 4, 0, 60), point(16000, 6100, 900, 12, 50));
        assertEquals(7989, new Sweep("serve", "new", 16, points, "").peakThroughput(), "no closed loop: the sweep's best");
        assertEquals(11_250, new Sweep("serve", "new", 16, points, "", 11_250.0).peakThroughput());
        assertEquals(7989, new Sweep("serve", "new", 16, points, "", 5_000.0).peakThroughput(), "a rate answered more");
        assertEquals(3000, new Sweep("serve", "new", 16, List.of(), "no server", 3_000.0).peakThroughput());
    }

    /** The bisected rates are measured after the rate above them; the sweep reads them in rate order. */
    @Test
    void pointsAreKeptInOfferedRateOrder() {
        Sweep sweep = new Sweep("s", "new", 16, List.of(point(4000, 4000, 1, 0, 50), point(8000, 7999, 20, 0, 40),
                point(5657, 5656, 2, 0, 45), point(6727, 6726, 3, 0, 44), point(16000, 9000, 900, 0, 30)), "");
        assertEquals(List.of(4000.0, 5657.0, 6727.0, 8000.0, 16000.0), sweep.points().stream().map(Point::offeredRate).toList());
        assertEquals(6727.0, sweep.highestSustainedRate());
    }

    @Test
    void highestRateIsTheLastSustainedOne() {
        Sweep sweep = new Sweep("s", "kept", 16, List.of(point(250, 250, 1, 0, 50), point(500, 499, 9.9, 0, 40),
                point(1000, 990, 12, 0, 35), point(2000, 1000, 900, 0, 30)), "");
        assertEquals(500.0, sweep.highestSustainedRate());
        assertEquals(40.0, sweep.cpuMicrosPerRequest());
        assertEquals(1000.0, sweep.peakThroughput());
    }

    @Test
    void errorsOrAnUnansweredRateDoNotCount() {
        assertFalse(point(250, 250, 1, 1, 50).sustained());
        assertTrue(point(250, 250, 1, 1, 50).pastSaturation());
        assertFalse(point(1000, 800, 1, 0, 50).sustained());
        assertTrue(point(1000, 800, 1, 0, 50).pastSaturation());
        assertFalse(point(1000, 1000, 11, 0, 50).sustained());
        assertFalse(point(1000, 1000, 11, 0, 50).pastSaturation());
        assertFalse(point(1000, 1000, 5000, 0, 50).pastSaturation());
    }

    @Test
    void noSustainedRateReadsCpuAtTheHighestAnsweredRate() {
        Sweep sweep = new Sweep("forked", "new", 16, List.of(point(2, 2, 300, 0, 90_000), point(4, 4, 900, 0, 80_000),
                point(8, 5, 2000, 0, 70_000)), "");
        assertNull(sweep.highestSustainedRate());
        assertEquals(4.0, sweep.cpuRate());
        assertEquals(80_000.0, sweep.cpuMicrosPerRequest());
        Sweep nothingAnswered = new Sweep("s", "kept", 16, List.of(point(250, 10, 3000, 0, 500)), "");
        assertNull(nothingAnswered.cpuRate());
        assertNull(nothingAnswered.cpuMicrosPerRequest());
    }

    @Test
    void pointReadsNloadsSummaryAndCpu() throws IOException {
        JsonNode line = Jsons.MAPPER.readTree("""
                {"tool":"nload","throughput":990.5,"p50_ms":0.2,"p90_ms":0.4,"p99_ms":1.5,"p999_ms":3,"max_ms":7,
                 "requests":2971,"errors":0,"missed":0,"completed_with_warmup":4000,"first_error":""}""");
        Point point = Point.of(line, 1000, 0.2);
        assertEquals(50.0, point.cpuMicrosPerRequest(), 1e-9);
        assertEquals(1.5, point.p99());
        assertTrue(point.sustained());
        IOException missing = assertThrows(IOException.class, () -> Point.of(Jsons.MAPPER.readTree("{}"), 1, 1));
        assertTrue(missing.getMessage().startsWith("nload's summary has no 'completed_with_warmup'"), missing.getMessage());
    }

    @Test
    void geometricRatesAndTheirBadInput() {
        assertEquals(List.of(250.0, 500.0, 1000.0), Contestant.geometric(250, 1000, 2));
        assertThrows(IllegalArgumentException.class, () -> Contestant.geometric(0, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> Contestant.geometric(1, 10, 1));
    }

    @Test
    void cpuTimeAddsOwnAndReapedChildrensTicks() throws IOException {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 50 30 20 20 0 30 0";
        assertEquals(2.5, CpuTime.seconds(stat), 1e-9);
        assertThrows(IOException.class, () -> CpuTime.seconds("no parenthesis"));
        assertTrue(CpuTime.seconds(ProcessHandle.current().pid()) > 0);
    }

    @Test
    void aRunsJsonReadsBackAndCharts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Sweep kept = new Sweep("native", "kept", 16, List.of(point(250, 250, 1, 0, 50), point(500, 500, 12, 0, 40)), "");
        Sweep fresh = new Sweep("native", "new", 16, List.of(point(250, 250, 2, 0, 90)), "");
        CompareRun run = new CompareRun("2026-11-29T05:00:00Z", new CompareRun.Machine(2, "6.1", "1 1 1", "2 2 2"),
                "unpinned", "without an AOT cache", "file-4k (4096 bytes)", 3, 12, 250, List.of(kept, fresh), "file-100m",
                List.of(new BulkRun("native", 104_857_600, 60, 20, 12.5, 0, "")));
        java.nio.file.Path json = dir.resolve("compare.json");
        CompareReport.writeJson(json, run);
        assertEquals(250.0, Jsons.MAPPER.readTree(json.toFile()).at("/sweeps/0/highest_rate_p99_within_bound").asDouble());
        assertEquals(run, CompareReport.readJson(json));
        java.nio.file.Path png = dir.resolve("compare.png");
        assertEquals(0, CompareMain.run(new String[] {"--chart", json.toString(), png.toString()}));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > image.getHeight(), "two panels side by side");
        java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"sweeps\": 3}");
        IOException e = assertThrows(IOException.class, () -> CompareReport.readJson(broken));
        assertTrue(e.getMessage().startsWith(broken + ": not a compare.json"), e.getMessage());
    }
}
