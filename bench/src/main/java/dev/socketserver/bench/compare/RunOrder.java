package dev.socketserver.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order {@code make compare} measures in. Each contestant's sweeps, then its large-file run,
 * one contestant after another, except the two servers of issue 14's targets ({@link Targets#SERVE}
 * and {@link Targets#PEER}): they take turns, load by load, where the first of them stands, and
 * then their large-file runs follow one another. Each target is a ratio of the two, and this
 * machine's speed drifts within minutes (a whole run of 2026-11-30 05:00 had every JVM server
 * about 30 % slower than in the run before, and the native peer, measured six minutes after
 * `serve`, not): side by side, a drift falls on both sides of a ratio alike.
 */
final class RunOrder {

    /**
     * One measurement.
     *
     * @param contestant the server
     * @param load the sweep's load; empty for the large-file run
     */
    record Step(Contestant contestant, Optional<Contestant.Load> load) {
    }

    private RunOrder() {
    }

    /** {@return every contestant's steps in the order they are measured} */
    static List<Step> of(List<Contestant> contestants) {
        Optional<Contestant> serve = named(contestants, Targets.SERVE);
        Optional<Contestant> peer = named(contestants, Targets.PEER);
        List<Step> order = new ArrayList<>();
        boolean pairDone = false;
        for (Contestant contestant : contestants) {
            boolean inPair = serve.isPresent() && peer.isPresent()
                    && (contestant == serve.get() || contestant == peer.get());
            if (!inPair) {
                order.addAll(steps(contestant));
            } else if (!pairDone) {
                order.addAll(alternating(steps(serve.get()), steps(peer.get())));
                pairDone = true;
            }
        }
        return order;
    }

    /** {@return one contestant's own steps: its sweeps in its order, then its large-file run if it has one} */
    static List<Step> steps(Contestant contestant) {
        List<Step> steps = new ArrayList<>();
        contestant.loads().forEach(load -> steps.add(new Step(contestant, Optional.of(load))));
        if (contestant.bulk()) {
            steps.add(new Step(contestant, Optional.empty()));
        }
        return steps;
    }

    private static List<Step> alternating(List<Step> first, List<Step> second) {
        List<Step> both = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                both.add(first.get(i));
            }
            if (i < second.size()) {
                both.add(second.get(i));
            }
        }
        return both;
    }

    private static Optional<Contestant> named(List<Contestant> contestants, String name) {
        return contestants.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
