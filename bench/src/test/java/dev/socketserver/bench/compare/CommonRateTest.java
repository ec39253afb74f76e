package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CPU targets' common rate: the lower of the two servers' highest rates within the bound,
 * measured on whichever server's sweep lacks it, so that the target is not read at a lower rate
 * only because the two bisections measured different rates.
 */
class CommonRateTest {

    private static final Contestant.Load KEPT = new Contestant.Load("kept", 16);
    private static final Contestant.Load NEW = new Contestant.Load("new", 16);

    private static Point held(double rate, double cpu) {
        return new Point(rate, rate, 0.3, 0.5, 1, 2, 3, 100, 0, 0, cpu, "");
    }

    private static Point left(double rate) {
        return new Point(rate, rate * 0.5, 20, 40, 80, 200, 300, 100, 3, 0, 30, "");
    }

    private static Contestant named(String name) {
        return new Contestant(name, List.of("server"), List.of(250.0), 2000, List.of(KEPT, NEW), 5, false);
    }

    /** serve held 19,027/s (bisected above 16,000), the peer 13,455/s (bisected above 8,000): both measured 8,000 at most. */
    private static Sweep serveKept() {
        return new Sweep(Targets.SERVE, "kept", 16, List.of(held(8000, 80), held(16000, 48), held(19_027, 45), left(22_627)), "");
    }

    private static Sweep peerKept() {
        return new Sweep(Targets.PEER, "kept", 16, List.of(held(8000, 55), held(11_314, 52), held(13_455, 50), left(16000)), "");
    }

    @Test
    void theCommonRateIsTheLowerOfTheTwoHighestRatesHeld() {
        assertEquals(Optional.of(13_455.0), CommonRate.missing(serveKept(), peerKept()));
        Sweep serveWithIt = new Sweep(Targets.SERVE, "kept", 16, List.of(held(8000, 80), held(13_455, 60), held(19_027, 45)), "");
        assertEquals(Optional.empty(), CommonRate.missing(serveWithIt, peerKept()), "both measured it");
        Sweep none = new Sweep(Targets.SERVE, "kept", 16, List.of(left(250)), "");
        assertEquals(Optional.empty(), CommonRate.missing(none, peerKept()), "serve held no rate");
    }

    @Test
    void theServerThatLacksTheRateIsMeasuredThereAndTheTargetIsReadThere() throws Exception {
        RunOrder.Step serve = new RunOrder.Step(named(Targets.SERVE), Optional.of(KEPT));
        RunOrder.Step peer = new RunOrder.Step(named(Targets.PEER), Optional.of(KEPT));
        RunOrder.Step serveNew = new RunOrder.Step(named(Targets.SERVE), Optional.of(NEW));
        RunOrder.Step peerNew = new RunOrder.Step(named(Targets.PEER), Optional.of(NEW));
        Sweep bothAt4000 = new Sweep(Targets.SERVE, "new", 16, List.of(held(4000, 160), left(8000)), "");
        Sweep peerAt4000 = new Sweep(Targets.PEER, "new", 16, List.of(held(4000, 120), left(8000)), "");
        Map<RunOrder.Step, Sweep> sweeps = new HashMap<>(Map.of(serve, serveKept(), peer, peerKept(), serveNew, bothAt4000,
                peerNew, peerAt4000));
        List<String> probed = new ArrayList<>();
        CommonRate.fill(sweeps, (contestant, load, rate) -> {
            probed.add(contestant.name() + " " + load.connection() + " " + rate);
            return held(rate, 58);
        });

        assertEquals(List.of(Targets.SERVE + " kept 13455.0"), probed, "only serve's kept sweep lacked its common rate");
        assertEquals(Optional.of(58.0), sweeps.get(serve).at(13_455).map(Point::cpuMicrosPerRequest));
        assertEquals(5, sweeps.get(serve).points().size());
        assertEquals(peerKept(), sweeps.get(peer));
        CompareRun run = new CompareRun("2026-11-30T08:00:00Z", new CompareRun.Machine(2, "6.18", "1 1 1", "2 2 2"), "pinned",
                "with an AOT cache", "file-4k (4096 bytes)", 2.5, 10, 250, List.copyOf(sweeps.values()), "file-100m", List.of());
        Targets.Target cpu = Targets.of(run).stream().filter(t -> t.target().startsWith("server CPU per request (µs), kept, 16"))
                .findFirst().orElseThrow();
        assertEquals("server CPU per request (µs), kept, 16 clients, at 13,455/s", cpu.target());
        assertEquals(58.0 / 50, cpu.ratio(), 1e-9);
    }

    @Test
    void aFailedMeasurementLeavesTheSweepAsItWas() throws Exception {
        RunOrder.Step serve = new RunOrder.Step(named(Targets.SERVE), Optional.of(KEPT));
        RunOrder.Step peer = new RunOrder.Step(named(Targets.PEER), Optional.of(KEPT));
        Map<RunOrder.Step, Sweep> sweeps = new HashMap<>(Map.of(serve, serveKept(), peer, peerKept()));
        CommonRate.fill(sweeps, (contestant, load, rate) -> {
            throw new IOException("the server did not start");
        });
        assertEquals(serveKept(), sweeps.get(serve));
        assertTrue(Targets.of(new CompareRun("d", new CompareRun.Machine(2, "k", "1", "2"), "p", "s", "f", 2.5, 10, 250,
                List.copyOf(sweeps.values()), "b", List.of())).stream()
                .anyMatch(t -> t.target().equals("server CPU per request (µs), kept, 16 clients, at 8,000/s")), "read where both measured");
    }
}
