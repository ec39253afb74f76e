package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The grids never ask for a combination that cannot finish. */
class BenchProfileTest {

    private static List<BenchRun> fileRuns(BenchProfile profile) {
        return profile.runs().stream().filter(r -> r.benchmark().equals("FileStreamingBenchmark")).toList();
    }

    @Test
    void forkedNeverRunsAt256ClientsNorAt100MiBWithMoreThanOne() {
        for (BenchProfile profile : List.of(BenchProfile.QUICK, BenchProfile.FULL)) {
            for (BenchRun run : fileRuns(profile)) {
                if (run.params().get("mode").contains("forked")) {
                    assertTrue(run.threads() <= 16, run.toString());
                    assertFalse(run.params().get("size").contains("100MiB") && run.threads() > 1, run.toString());
                }
            }
        }
    }

    @Test
    void syncNeverRunsWithKeptConnectionsOrTheHugestCase() {
        for (BenchProfile profile : List.of(BenchProfile.QUICK, BenchProfile.FULL)) {
            for (BenchRun run : fileRuns(profile)) {
                if (run.params().get("mode").contains("sync")) {
                    assertEquals(List.of("new"), run.params().get("connection"), run.toString());
                    assertFalse(run.params().get("size").contains("100MiB") && run.threads() == 256, run.toString());
                }
            }
        }
    }

    @Test
    void theQuickProfileCoversEveryModeEverySizeAndBothTransports() {
        List<BenchRun> runs = fileRuns(BenchProfile.QUICK);
        for (ServerKind kind : ServerKind.values()) {
            assertTrue(runs.stream().anyMatch(r -> r.params().get("mode").contains(kind.flag())), kind.flag());
        }
        for (FileSize size : FileSize.values()) {
            assertTrue(runs.stream().anyMatch(r -> r.params().get("size").contains(size.label())), size.label());
        }
        assertTrue(runs.stream().anyMatch(r -> r.params().get("transport").contains("unix")));
        assertEquals(List.of(1, 16, 256), runs.stream().map(BenchRun::threads).distinct().sorted().toList());
    }

    /** Percentiles only where cheap (no 100 MiB, no 256 clients), each of a case whose throughput is measured too. */
    @Test
    void theQuickProfileSamplesLatencyOfCheapCasesItAlsoMeasures() {
        List<BenchRun> sampled = fileRuns(BenchProfile.QUICK).stream().filter(BenchRun::sampleTime).toList();
        assertFalse(sampled.isEmpty());
        for (BenchRun run : sampled) {
            assertTrue(run.threads() <= 16 && !run.params().get("size").contains("100MiB"), run.toString());
            for (String mode : run.params().get("mode")) {
                assertTrue(fileRuns(BenchProfile.QUICK).stream().anyMatch(t -> !t.sampleTime() && t.threads() == run.threads()
                        && t.params().get("mode").contains(mode) && List.of("size", "transport", "connection").stream()
                                .allMatch(p -> t.params().get(p).equals(run.params().get(p)))), "no throughput run of " + mode
                        + " in " + run);
            }
        }
        assertTrue(sampled.stream().anyMatch(r -> r.params().get("connection").contains("kept")));
        assertTrue(sampled.stream().anyMatch(r -> r.params().get("connection").contains("new")));
    }

    @Test
    void anUnknownProfileIsRefusedWithTheKnownOnes() {
        assertEquals("unknown profile 'fast'; expected quick, full or smoke",
                assertThrows(IllegalArgumentException.class, () -> BenchProfile.named("fast")).getMessage());
    }
}
