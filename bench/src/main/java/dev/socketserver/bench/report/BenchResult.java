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
            results.add(new BenchResult(parts[parts.length - 2], params,
                    Jsons.required(run, "threads", json).asInt(),
                    number(primary.path("score")), number(primary.path("scoreError")),
                    iterations.getMin(), iterations.getMax()));
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
