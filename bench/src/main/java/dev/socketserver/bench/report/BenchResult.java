package dev.socketserver.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jetbrains.annotations.Nullable;

/**
 * One JMH result: which benchmark with which parameters and threads, and its score.
 *
 * @param benchmark the benchmark class's simple name, e.g. {@code FileStreamingBenchmark}
 * @param params the {@code @Param} values
 * @param threads JMH threads (clients, for the file benchmarks)
 * @param score operations per second
 * @param error the 99.9% confidence half-width, NaN when JMH had too few iterations for one
 * @param min the lowest measured iteration's score
 * @param max the highest measured iteration's score
 * @param mode JMH's mode: {@code thrpt} (the score is operations per second) or {@code sample}
 *     (the score is the mean time of an operation, in {@link #SAMPLE_UNIT})
 * @param percentiles for {@code sample}: percentile ({@code 50.0}, {@code 99.9}, {@code 100.0}) →
 *     an operation's time in {@link #SAMPLE_UNIT}; empty otherwise
 */
record BenchResult(String benchmark, Map<String, String> params, int threads, double score, double error,
                   double min, double max, String mode, Map<Double, Double> percentiles) {

    /** JMH's name of the throughput mode. */
    static final String THROUGHPUT = "thrpt";
    /** JMH's name of the sample-time mode. */
    static final String SAMPLE = "sample";
    /** The unit BenchMain asks JMH for in sample-time runs. */
    static final String SAMPLE_UNIT = "ms/op";

    BenchResult {
        params = Map.copyOf(params);
        percentiles = Map.copyOf(percentiles);
    }

    boolean throughput() {
        return THROUGHPUT.equals(mode);
    }

    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException(benchmark + " result has no parameter '" + name + "' (has " + params.keySet() + ")");
        }
        return value;
    }

    /** Reads every result of a JMH JSON file (the format of {@code -rf json}). */
    static List<BenchResult> load(Path json) throws IOException {
        if (!(Json.parse(Files.readString(json)) instanceof List<?> runs)) {
            throw new IOException(json + " is not a JMH JSON result array");
        }
        List<BenchResult> results = new ArrayList<>();
        for (Object run : runs) {
            Map<?, ?> fields = map(run, json);
            String fullName = (String) fields.get("benchmark");
            String[] parts = fullName.split("\\.");
            Map<String, String> params = new TreeMap<>();
            Object rawParams = fields.get("params");
            if (rawParams != null) {
                map(rawParams, json).forEach((k, v) -> params.put((String) k, (String) v));
            }
            Map<?, ?> primary = map(fields.get("primaryMetric"), json);
            DoubleSummaryStatistics iterations = iterations(primary.get("rawData"));
            String mode = String.valueOf(fields.get("mode"));
            if (mode.equals(SAMPLE) && !SAMPLE_UNIT.equals(primary.get("scoreUnit"))) {
                throw new IOException(json + ": " + fullName + " sampled in " + primary.get("scoreUnit") + ", not " + SAMPLE_UNIT);
            }
            results.add(new BenchResult(parts[parts.length - 2], params,
                    ((Double) fields.get("threads")).intValue(),
                    number(primary.get("score")), number(primary.get("scoreError")),
                    iterations.getMin(), iterations.getMax(), mode,
                    mode.equals(SAMPLE) ? percentiles(primary.get("scorePercentiles")) : Map.of()));
        }
        return results;
    }

    private static Map<?, ?> map(@Nullable Object value, Path json) throws IOException {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IOException(json + ": expected an object, found " + value);
    }

    /** JMH's {@code rawData}: one list of iteration scores per fork. */
    private static DoubleSummaryStatistics iterations(@Nullable Object rawData) {
        DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
        if (rawData instanceof List<?> forks) {
            for (Object fork : forks) {
                if (fork instanceof List<?> scores) {
                    scores.forEach(score -> stats.accept(number(score)));
                }
            }
        }
        return stats;
    }

    /** JMH's {@code scorePercentiles}: {@code "99.9"} → the time at that percentile. */
    private static Map<Double, Double> percentiles(@Nullable Object scorePercentiles) {
        Map<Double, Double> percentiles = new TreeMap<>();
        if (scorePercentiles instanceof Map<?, ?> map) {
            map.forEach((p, value) -> percentiles.put(Double.parseDouble(String.valueOf(p)), number(value)));
        }
        return percentiles;
    }

    /** The time at percentile {@code p} (as JMH lists them: 50, 90, 99, 99.9, 100); NaN when not sampled. */
    double percentile(double p) {
        return percentiles.getOrDefault(p, Double.NaN);
    }

    /** The spread of the iterations, {@code min–max}; empty when there were none. */
    String range() {
        return min <= max ? MarkdownReport.number(min) + "–" + MarkdownReport.number(max) : "";
    }

    /** JMH writes NaN and infinities as strings. */
    private static double number(@Nullable Object value) {
        return switch (value) {
            case Double d -> d;
            case String s -> Double.parseDouble(s);
            case null, default -> Double.NaN;
        };
    }
}
