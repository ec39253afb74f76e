package dev.socketserver.bench.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One rate of a sweep: what nload measured (its JSON line) and the server's CPU over the run.
 *
 * @param offeredRate requests/s that fell due
 * @param throughput requests/s answered
 * @param cpuMicrosPerRequest the server's CPU (its own and its reaped children's) over the whole run,
 *     warm-up included, divided by every request answered in it
 */
record Point(@JsonProperty("offered_rate") double offeredRate, double throughput,
             @JsonProperty("p50_ms") double p50, @JsonProperty("p90_ms") double p90,
             @JsonProperty("p99_ms") double p99, @JsonProperty("p999_ms") double p999,
             @JsonProperty("max_ms") double max, long requests, long errors, long missed,
             @JsonProperty("cpu_us_per_request") double cpuMicrosPerRequest,
             @JsonProperty("first_error") String firstError) {

    /** The latency bound of the comparison: the rate a server sustains with p99 within it counts. */
    static final double P99_BOUND_MS = 10;

    /** Within the bound: p99 ≤ 10 ms, no errors, and at least 90% of the offered rate answered. */
    boolean sustained() {
        return errors == 0 && p99 <= P99_BOUND_MS && throughput >= 0.9 * offeredRate;
    }

    /**
     * Past saturation: requests failed, or the server answered less than 90% of what was offered.
     * A p99 over 10 ms alone is not: the chart shows the whole curve.
     */
    boolean pastSaturation() {
        return errors > 0 || throughput < 0.9 * offeredRate;
    }

    /** From nload's JSON summary line and the server's CPU seconds over the run. */
    static Point of(JsonNode line, double offeredRate, double cpuSeconds) throws IOException {
        long completed = field(line, "completed_with_warmup").asLong();
        return new Point(offeredRate, field(line, "throughput").asDouble(), field(line, "p50_ms").asDouble(),
                field(line, "p90_ms").asDouble(), field(line, "p99_ms").asDouble(), field(line, "p999_ms").asDouble(),
                field(line, "max_ms").asDouble(), field(line, "requests").asLong(), field(line, "errors").asLong(),
                field(line, "missed").asLong(), completed > 0 ? cpuSeconds * 1e6 / completed : Double.NaN,
                line.path("first_error").asText(""));
    }

    static JsonNode field(JsonNode line, String name) throws IOException {
        JsonNode value = line.get(name);
        if (value == null) {
            throw new IOException("nload's summary has no '" + name + "': " + line);
        }
        return value;
    }
}
