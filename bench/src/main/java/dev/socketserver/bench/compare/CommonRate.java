package dev.socketserver.bench.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CPU targets compare the two servers: the lower of their highest rates within the bound,
 * which both held. Each sweep's bisection measures its own rates (between its last rate held and
 * the doubled one), so the highest rate both had <em>measured</em> was often 4,000 or 8,000/s
 * while both had held 6,727/s or more, and there both servers go idle between requests and the
 * wake-up weighs most (docs/benchmarks.md, eleventh pass). Once every sweep is done,
 * {@code make compare} measures whichever of the two lacks that rate at it, on a fresh server after
 * the same warm-up and a run at the rate itself, unrecorded: jumped straight from the warm-up to near
 * its core's limit, a JVM still compiles (C2) on that core during the point (at 07:47, `serve` so
 * read p99 122 ms at 6,727/s with new connections, where its sweep had read 5.5 ms at 8,000/s).
 */
final class CommonRate {

    /** Measures one server at one rate, on a fresh server after the warm-up. */
    interface Probe {
        Point at(Contestant contestant, Contestant.Load load, double rate) throws IOException, InterruptedException;
    }

    private CommonRate() {
    }

    /** The rate when both servers held one and either has no point there; empty otherwise. */
    static Optional<Double> missing(Sweep serve, Sweep peer) {
        Double a = serve.highestSustainedRate();
        Double b = peer.highestSustainedRate();
        if (a == null || b == null) {
            return Optional.empty();
        }
        double rate = Math.min(a, b);
        return serve.at(rate).isPresent() && peer.at(rate).isPresent() ? Optional.empty() : Optional.of(rate);
    }

    /**
     * For each load the targets' two servers were swept at, measures the server that lacks the
     * common rate there and adds the point to its sweep in {@code sweeps}. A failed measurement
     * leaves the sweep as it was (the target is then read at a lower rate both measured).
     */
    static void fill(Map<RunOrder.Step, Sweep> sweeps, Probe probe) throws InterruptedException {
        for (RunOrder.Step step : List.copyOf(sweeps.keySet())) {
            if (!step.contestant().name().equals(Targets.SERVE) || step.load().isEmpty()) {
                continue;
            }
            Optional<RunOrder.Step> peer = sweeps.keySet().stream()
                    .filter(s -> s.contestant().name().equals(Targets.PEER) && s.load().equals(step.load())).findFirst();
            if (peer.isEmpty()) {
                continue;
            }
            Optional<Double> rate = missing(sweeps.get(step), sweeps.get(peer.get()));
            if (rate.isPresent()) {
                add(sweeps, step, rate.get(), probe);
                add(sweeps, peer.get(), rate.get(), probe);
            }
        }
    }

    private static void add(Map<RunOrder.Step, Sweep> sweeps, RunOrder.Step step, double rate, Probe probe)
            throws InterruptedException {
        Sweep sweep = sweeps.get(step);
        if (sweep.at(rate).isPresent()) {
            return;
        }
        try {
            List<Point> points = new ArrayList<>(sweep.points());
            points.add(probe.at(step.contestant(), step.load().orElseThrow(), rate));
            sweeps.put(step, new Sweep(sweep.server(), sweep.connection(), sweep.clients(), points, sweep.failure(),
                    sweep.closedLoopThroughput()));
        } catch (IOException e) {
            System.out.println(sweep.server() + " " + sweep.connection() + " at " + rate + "/s: " + e.getMessage());
        }
    }
}
