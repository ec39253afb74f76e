package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make compare's order: the two servers of issue 14's targets take turns load by load (a drift of
 * the machine's speed then falls on both sides of each ratio), every other server keeps its own
 * order, and every step is measured exactly once.
 */
class RunOrderTest {

    @TempDir
    Path dir;

    @Test
    void theTargetPairTakesTurnsAndTheRestKeepTheirOrder() throws Exception {
        List<Contestant> contestants = Contestants.all(Files.writeString(dir.resolve("socketserver.jar"), "jar"),
                dir.resolve("nserve"), dir);
        List<RunOrder.Step> order = RunOrder.of(contestants);

        List<RunOrder.Step> every = new ArrayList<>();
        contestants.forEach(c -> every.addAll(RunOrder.steps(c)));
        assertEquals(every.size(), order.size());
        assertEquals(new HashSet<>(every), new HashSet<>(order), "every step once");

        List<String> pair = order.stream().map(step -> step.contestant().name())
                .filter(name -> name.equals(Targets.SERVE) || name.equals(Targets.PEER)).toList();
        int first = names(order).indexOf(Targets.SERVE);
        assertEquals(pair, names(order).subList(first, first + pair.size()), "the pair's steps are contiguous");
        for (int i = 0; i < pair.size(); i++) {
            assertEquals(i % 2 == 0 ? Targets.SERVE : Targets.PEER, pair.get(i), "alternating: " + pair);
            RunOrder.Step step = order.get(first + i);
            RunOrder.Step partner = order.get(first + (i % 2 == 0 ? i + 1 : i - 1));
            assertEquals(partner.load(), step.load(), "side by side, the same load (empty: the large file)");
        }

        List<String> others = names(order).stream().filter(name -> !pair.contains(name)).toList();
        List<String> othersBefore = names(every).stream().filter(name -> !pair.contains(name)).toList();
        assertEquals(othersBefore, others, "the other servers in their own order");
    }

    @Test
    void withoutThePairItIsEachServerInTurn() throws Exception {
        List<Contestant> contestants = Contestants.all(Files.writeString(dir.resolve("socketserver.jar"), "jar"),
                dir.resolve("nserve"), dir).stream().filter(c -> !c.name().equals(Targets.PEER)).toList();
        List<RunOrder.Step> every = new ArrayList<>();
        contestants.forEach(c -> every.addAll(RunOrder.steps(c)));
        assertEquals(every, RunOrder.of(contestants));
    }

    private static List<String> names(List<RunOrder.Step> steps) {
        return steps.stream().map(step -> step.contestant().name()).toList();
    }
}
