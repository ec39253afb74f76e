package dev.socketserver.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JMH invocation of a profile: a benchmark, its parameter values (JMH runs their cross
 * product) and the number of benchmark threads, which for the file benchmarks is the number of
 * concurrent clients.
 *
 * @param benchmark the benchmark class's simple name
 * @param params JMH parameter name → the values to run
 * @param threads JMH threads
 * @param sampleTime whether JMH samples each operation's time (latency percentiles) instead of
 *     the benchmark's own mode (throughput)
 */
record BenchRun(String benchmark, Map<String, List<String>> params, int threads, boolean sampleTime) {

    BenchRun {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        params = new LinkedHashMap<>(params);
    }

    BenchRun(String benchmark, Map<String, List<String>> params, int threads) {
        this(benchmark, params, threads, false);
    }

    /** The same run in JMH's {@code SampleTime} mode: p50 to max of a request's time. */
    BenchRun sampled() {
        return new BenchRun(benchmark, params, threads, true);
    }

    /** A file-streaming run: these modes, one size, one client count, over a transport and connection kind. */
    static BenchRun files(String transport, String connection, String size, int clients, String... modes) {
        return new BenchRun("FileStreamingBenchmark", Map.of(
                "mode", List.of(modes),
                "size", List.of(size),
                "transport", List.of(transport),
                "connection", List.of(connection)), clients);
    }

    /** The include pattern selecting this run's benchmark. */
    String include() {
        return "\\." + benchmark + "\\.";
    }
}
