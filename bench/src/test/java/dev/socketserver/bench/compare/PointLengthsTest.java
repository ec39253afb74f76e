package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long make compare measures each rate: the targets' light rate four times as long, so that its p99 is not the 7th-slowest request. */
class PointLengthsTest {

    private static Contestant named(String name) {
        return new Contestant(name, List.of("server"), List.of(250.0, 500.0), 2000, List.of(new Contestant.Load("kept", 16)), 5, false);
    }

    @Test
    void theTargetsTwoServersGetTheLongerLightPointAndNothingElseDoes() {
        PointLengths lengths = PointLengths.of(2.5);
        assertEquals(new LoadClient.Settings(10, 0.5), lengths.at(named(Targets.SERVE), CompareMain.LIGHT_RATE));
        assertEquals(new LoadClient.Settings(10, 0.5), lengths.at(named(Targets.PEER), CompareMain.LIGHT_RATE));
        assertEquals(new LoadClient.Settings(2.5, 0.5), lengths.at(named(Targets.SERVE), 500), "a heavier rate");
        assertEquals(new LoadClient.Settings(2.5, 0.5), lengths.at(named("bare Java"), CompareMain.LIGHT_RATE), "another server");
        assertEquals(new LoadClient.Settings(2.5, 0.5), lengths.at(named("serve --mode threaded"), CompareMain.LIGHT_RATE));
    }

    @Test
    void theLightPointScalesWithTheSecondsPerRateGiven() {
        assertEquals(4.0, PointLengths.of(1).lightSeconds());
        assertThrows(IllegalArgumentException.class, () -> PointLengths.of(0));
        assertThrows(IllegalArgumentException.class, () -> new PointLengths(2.5, Double.NaN));
    }

    @Test
    void theReportSaysHowLongTheLightPointRan(@TempDir Path dir) throws Exception {
        CompareRun run = TargetsTest.run();
        Path md = dir.resolve("compare.md");
        CompareReport.writeMarkdown(md, run, "make compare");
        String header = Files.readString(md).lines().skip(2).findFirst().orElseThrow();
        assertTrue(header.contains("2.50 s per rate after a warm-up (10.0 s at the light rate, 250 req/s, for `" + Targets.SERVE
                + "` and `" + Targets.PEER + "`: its p99 target); "), header);

        CompareRun before = new CompareRun(run.date(), run.machine(), run.pinning(), run.serveStart(), run.file(), run.secondsPerRate(),
                0, run.lightRate(), run.sweeps(), run.bulkFile(), run.bulk()); // a compare.json from before the field
        CompareReport.writeMarkdown(md, before, "make compare");
        String old = Files.readString(md).lines().skip(2).findFirst().orElseThrow();
        assertTrue(old.contains("2.50 s per rate after a warm-up; "), old);
    }
}
