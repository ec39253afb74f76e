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
 */
record BenchResult(String benchmark, Map<String, String> params, int threads, double score, double error,
                   double min, double max) {

    BenchResult {
        params = Map.copyOf(params);
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
            results.add(new BenchResult(parts[parts.length - 2], params,
                    ((Double) fields.get("threads")).intValue(),
                    number(primary.get("score")), number(primary.get("scoreError")),
                    iterations.getMin(), iterations.getMax()));
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
