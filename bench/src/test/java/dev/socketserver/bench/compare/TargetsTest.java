package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.bench.report.Jsons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14's targets read from a run: each a ratio of the default mode to the native peer, with its bound. */
class TargetsTest {

    private static Point point(double rate, double throughput, double p99, double p999, double cpu) {
        return new Point(rate, throughput, p99 / 4, p99 / 2, p99, p999, p999, 100, 0, 0, cpu, "");
    }

    static CompareRun run() {
        List<Sweep> sweeps = List.of(
                new Sweep(Targets.SERVE, "kept", 16, List.of(point(250, 250, 1.2, 3, 60), point(500, 500, 2, 4, 50)), ""),
                new Sweep(Targets.SERVE, "new", 16, List.of(point(250, 250, 0.9, 2, 140), point(500, 400, 30, 1500, 90)), ""),
                new Sweep(Targets.SERVE, "kept", 4, List.of(point(250, 250, 0.4, 1, 45), point(500, 440, 3, 5, 40)), ""),
                new Sweep("serve --mode threaded", "kept", 16, List.of(point(250, 250, 1, 1100, 60)), ""),
                new Sweep("serve --mode forked --fork-pool 0", "new", 4, List.of(point(2, 2, 900, 3000, 1e5)), ""),
                new Sweep(Targets.PEER, "kept", 16, List.of(point(250, 250, 0.3, 0.5, 40), point(500, 500, 0.4, 0.6, 40)), ""),
                new Sweep(Targets.PEER, "new", 16, List.of(point(250, 250, 0.45, 0.8, 120), point(500, 500, 0.5, 0.9, 100)), ""),
                new Sweep(Targets.PEER, "kept", 4, List.of(point(250, 250, 0.3, 0.4, 30), point(500, 500, 0.3, 0.5, 30)), ""));
        List<BulkRun> bulk = List.of(new BulkRun(Targets.SERVE, 100_000_000, 57, 19, 40, 0, ""),
                new BulkRun(Targets.PEER, 100_000_000, 60, 20, 35, 0, ""));
        return new CompareRun("2026-11-29T08:00:00Z", new CompareRun.Machine(2, "6.18", "1 1 1", "2 2 2"), "pinned", "without an AOT cache",
                "file-4k (4096 bytes)", 2.5, 10, 250, sweeps, "file-100m", bulk);
    }

    private static Map<String, Targets.Target> byName(CompareRun run) {
        return run.targets().stream().collect(Collectors.toMap(Targets.Target::target, Function.identity()));
    }

    @Test
    void eachTargetIsTheDefaultModeOverTheNativePeerWithItsBound() {
        Map<String, Targets.Target> targets = byName(run());
        Targets.Target cpuKept = targets.get("server CPU per request (µs), kept, 16 clients, at 500/s");
        assertEquals(50.0, cpuKept.serve());
        assertEquals(40.0, cpuKept.peer());
        assertEquals(1.25, cpuKept.ratio(), 1e-9);
        assertEquals("≤ 1.30", cpuKept.bound());
        assertTrue(cpuKept.met());
        // new connections: virtual's 500/s is past saturation, so both are read at 250/s, the peer's 120 µs
        // there, not its 100 µs at 500/s
        Targets.Target cpuNew = targets.get("server CPU per request (µs), new, 16 clients, at 250/s");
        assertEquals(140.0 / 120, cpuNew.ratio(), 1e-9);
        assertTrue(cpuNew.met());
        assertEquals(0.88, targets.get("peak throughput (req/s), kept, 4 clients").ratio(), 1e-9);
        assertTrue(targets.get("peak throughput (req/s), kept, 4 clients").met());
        assertEquals(0.8, targets.get("peak throughput (req/s), new, 16 clients").ratio(), 1e-9);
        assertFalse(targets.get("peak throughput (req/s), new, 16 clients").met());
        assertEquals(0.95, targets.get("large file to 1 client (MB/s)").ratio(), 1e-9);
        assertTrue(targets.get("large file to 1 client (MB/s)").met(), "0.95 is within ≥ 0.95");
        assertEquals(4.0, targets.get("p99 (ms) at 250 req/s, kept, 16 clients").ratio(), 1e-9);
        assertFalse(targets.get("p99 (ms) at 250 req/s, kept, 16 clients").met());
        assertEquals(0.5, targets.get("highest rate with p99 ≤ 10 ms (req/s), new, 16 clients").ratio(), 1e-9);
    }

    @Test
    void aOneSecondP999AnywhereButForkedMissesTheOutlierTarget() {
        Targets.Target outliers = byName(run()).get("worst p99.9 (ms), every serve mode but forked, every load");
        // threaded's 1.1 s counts (its only rate answered), virtual's 1.5 s past saturation does not, forked's 3 s is excluded
        assertEquals(1100.0, outliers.serve());
        assertEquals(0.9, outliers.peer());
        assertFalse(outliers.met());
        assertNull(outliers.ratio());
    }

    @Test
    void aMissingSweepIsNotMeasuredNotMet() {
        CompareRun run = run();
        CompareRun withoutPeer = new CompareRun(run.date(), run.machine(), run.pinning(), run.serveStart(), run.file(), run.secondsPerRate(), run.lightSeconds(),
                run.lightRate(), run.sweeps().stream().filter(s -> !s.server().equals(Targets.PEER)).toList(), run.bulkFile(),
                List.of());
        Targets.Target cpu = byName(withoutPeer).get("server CPU per request (µs), kept, 4 clients");
        assertNull(cpu.peer());
        assertNull(cpu.met());
    }

    @Test
    void theMarkdownAndTheJsonCarryTheTargets(@TempDir Path dir) throws Exception {
        CompareRun run = run();
        Path md = dir.resolve("compare.md");
        CompareReport.writeMarkdown(md, run, "make compare");
        String text = Files.readString(md);
        assertTrue(text.contains("| peak throughput (req/s), new, 16 clients | 400 | 500 | 0.80× | ≥ 1.00 | **no** |"), text);
        assertTrue(text.contains("| serve --mode virtual | kept | 4 | 250 | 0.10 / 0.40 / 1.00 |"), text);
        assertTrue(text.contains("| native (C, sendfile) | 2,000 |"), text);
        Path json = dir.resolve("compare.json");
        CompareReport.writeJson(json, run);
        assertEquals("large file to 1 client (MB/s)", Jsons.MAPPER.readTree(json.toFile()).at("/targets/6/target").asText());
        assertEquals(run, CompareReport.readJson(json));
    }
}
