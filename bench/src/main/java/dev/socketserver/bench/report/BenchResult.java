package dev.socketserver.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        JsonNode runs = Jsons.read(json);
        if (!runs.isArray()) {
            throw new IOException(json + " is not a JMH JSON result array");
        }
        List<BenchResult> results = new ArrayList<>();
        for (JsonNode run : runs) {
            String fullName = Jsons.required(run, "benchmark", json).asText();
            String[] parts = fullName.split("\\.");
            Map<String, String> params = new TreeMap<>();
            run.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode primary = Jsons.required(run, "primaryMetric", json);
            DoubleSummaryStatistics iterations = iterations(primary.path("rawData"));
            String mode = Jsons.required(run, "mode", json).asText();
            String unit = primary.path("scoreUnit").asText();
            if (mode.equals(SAMPLE) && !SAMPLE_UNIT.equals(unit)) {
                throw new IOException(json + ": " + fullName + " sampled in " + unit + ", not " + SAMPLE_UNIT);
            }
            results.add(new BenchResult(parts[parts.length - 2], params,
                    Jsons.required(run, "threads", json).asInt(),
                    number(primary.path("score")), number(primary.path("scoreError")),
                    iterations.getMin(), iterations.getMax(), mode,
                    mode.equals(SAMPLE) ? percentiles(primary.path("scorePercentiles")) : Map.of()));
        }
        return results;
    }

    /** JMH's {@code rawData}: one list of iteration scores per fork. */
    private static DoubleSummaryStatistics iterations(JsonNode rawData) {
        DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
        for (JsonNode fork : rawData) {
            fork.forEach(score -> stats.accept(number(score)));
        }
        return stats;
    }

    /** JMH's {@code scorePercentiles}: {@code "99.9"} → the time at that percentile. */
    private static Map<Double, Double> percentiles(JsonNode scorePercentiles) {
        Map<Double, Double> percentiles = new TreeMap<>();
        scorePercentiles.properties().forEach(e -> percentiles.put(Double.parseDouble(e.getKey()), number(e.getValue())));
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
    private static double number(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.isTextual() ? Double.parseDouble(value.textValue()) : Double.NaN;
    }
}
