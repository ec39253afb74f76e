package dev.socketserver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code make bench} ({@link #QUICK}) and {@code make bench-full} ({@link #FULL}) run: the
 * grid of {@link BenchRun}s and JMH's iteration settings.
 *
 * <p>Forked mode starts a JVM per connection, so its grid is cut to what finishes in reasonable
 * time: never 256 clients (256 child JVMs at once on 2 cores), and 100 MiB at one client only.
 * Sync mode skips 100 MiB at 256 clients (one file at a time: minutes per iteration).
 *
 * @param forks JMH forks per run
 * @param warmupIterations warm-up iterations
 * @param warmupSeconds seconds per warm-up iteration
 * @param iterations measured iterations
 * @param iterationSeconds seconds per measured iteration
 * @param runs the grid
 */
record BenchProfile(String name, int forks, int warmupIterations, int warmupSeconds, int iterations,
                    int iterationSeconds, List<BenchRun> runs) {

    private static final String[] NON_FORKED = {"sync", "threaded", "virtual", "bare", "netty"};
    private static final String[] ALL = {"sync", "threaded", "virtual", "forked", "bare", "netty"};
    private static final String[] CONCURRENT = {"threaded", "virtual", "forked", "bare", "netty"};
    /** 256 clients of 100 MiB is 25.6 GB a round: sync would serve it one file at a time, past JMH's timeout. */
    private static final String[] PARALLEL = {"threaded", "virtual", "bare", "netty"};

    /** About 9 minutes on 2 cores: the comparisons the README's targets are about, and latency percentiles. */
    static final BenchProfile QUICK = new BenchProfile("quick", 1, 1, 2, 2, 2, quickRuns());

    /** The whole grid, with more and longer iterations (about an hour on 2 cores). */
    static final BenchProfile FULL = new BenchProfile("full", 1, 2, 3, 4, 5, fullRuns());

    /** Seconds: one small case of each benchmark, to check the whole pipeline (not for numbers). */
    static final BenchProfile SMOKE = new BenchProfile("smoke", 1, 0, 1, 1, 1, List.of(
            BenchRun.files("tcp", "new", "4KiB", 2, "virtual", "bare", "netty"),
            BenchRun.files("tcp", "new", "4KiB", 2, "virtual").sampled(),
            new BenchRun("StreamingLoopBenchmark", Map.of("loop", List.of("seedLines", "transferTo"),
                    "size", List.of("4KiB")), 1),
            new BenchRun("ScaleBenchmark", Map.of("mode", List.of("virtual"), "connections", List.of("200")), 2)));

    private static List<BenchRun> quickRuns() {
        List<BenchRun> runs = new ArrayList<>();
        for (int clients : new int[] {1, 16, 256}) {
            runs.add(BenchRun.files("tcp", "new", "4KiB", clients, clients <= 16 ? ALL : NON_FORKED));
        }
        runs.add(BenchRun.files("tcp", "new", "1MiB", 16, ALL));
        runs.add(BenchRun.files("tcp", "new", "100MiB", 1, ALL));
        // The target pair (and Netty) where the server, not one client's MD5, is the bottleneck.
        runs.add(BenchRun.files("tcp", "new", "100MiB", 16, "virtual", "bare", "netty"));
        runs.add(BenchRun.files("tcp", "kept", "4KiB", 16, CONCURRENT));
        runs.add(BenchRun.files("unix", "new", "4KiB", 16, ALL));
        runs.add(new BenchRun("StreamingLoopBenchmark", Map.of(
                "loop", List.of("seedLines", "bufferedCopy", "transferTo"), "size", List.of("1MiB")), 1));
        runs.add(scale());
        runs.addAll(sampledRuns());
        return List.copyOf(runs);
    }

    /**
     * Latency percentiles (JMH {@code SampleTime}, one warm-up and one measured iteration) where they
     * are cheap: 4 KiB at 16 clients, new and kept connections, cases the throughput runs also
     * measure. 10–15 s each on 2 cores, about 2 minutes in all. Not forked mode (a request is a JVM
     * start: seconds each at 16 clients, 30 s a case), nor 1 MiB and up or 256 clients (minutes).
     */
    private static List<BenchRun> sampledRuns() {
        return List.of(BenchRun.files("tcp", "new", "4KiB", 16, NON_FORKED).sampled(),
                BenchRun.files("tcp", "kept", "4KiB", 16, PARALLEL).sampled());
    }

    private static List<BenchRun> fullRuns() {
        List<BenchRun> runs = new ArrayList<>();
        for (String size : new String[] {"4KiB", "1MiB", "100MiB"}) {
            for (int clients : new int[] {1, 16, 256}) {
                boolean forkedFits = clients == 1 || (clients == 16 && !size.equals("100MiB"));
                boolean huge = clients == 256 && size.equals("100MiB");
                runs.add(BenchRun.files("tcp", "new", size, clients,
                        huge ? PARALLEL : forkedFits ? ALL : NON_FORKED));
            }
        }
        for (int clients : new int[] {16, 256}) {
            runs.add(BenchRun.files("tcp", "kept", "4KiB", clients,
                    clients <= 16 ? CONCURRENT : PARALLEL));
        }
        for (int clients : new int[] {1, 16, 256}) {
            runs.add(BenchRun.files("unix", "new", "4KiB", clients, clients <= 16 ? ALL : NON_FORKED));
        }
        runs.add(new BenchRun("StreamingLoopBenchmark", Map.of(
                "loop", List.of("seedLines", "bufferedCopy", "transferTo"),
                "size", List.of("4KiB", "1MiB", "100MiB")), 1));
        runs.add(scale());
        return List.copyOf(runs);
    }

    /** 10,000 connections held open, taken in turn by 16 benchmark threads. */
    private static BenchRun scale() {
        return new BenchRun("ScaleBenchmark", Map.of(
                "mode", List.of("virtual", "threaded"), "connections", List.of("10000")), 16);
    }

    /**
     * The profile called {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the known profiles
     */
    static BenchProfile named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "'; expected quick, full or smoke");
        };
    }
}
