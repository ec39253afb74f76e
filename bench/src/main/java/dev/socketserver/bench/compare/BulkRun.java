package dev.socketserver.bench.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One server sending the large file to one client on a kept connection, request after request
 * (nload's closed loop): the bandwidth of the file path, where the 4 KiB sweeps measure its
 * per-request cost.
 *
 * @param server the contestant's name
 * @param bytes the file's size
 * @param requests whole downloads answered in the measured seconds
 * @param throughput downloads per second
 * @param cpuMillisPerRequest the server's CPU over the run (its warm-up included) per download
 * @param errors failed downloads
 * @param failure why nothing was measured (the server did not start, or nload failed), else empty
 */
record BulkRun(String server, long bytes, long requests, double throughput,
               @JsonProperty("cpu_ms_per_request") double cpuMillisPerRequest, long errors, String failure) {

    /** {@return megabytes (10⁶ bytes) per second} */
    @JsonProperty("mb_per_s")
    double megabytesPerSecond() {
        return throughput * bytes / 1e6;
    }

    static BulkRun of(String server, long bytes, JsonNode summary, double cpuSeconds) throws IOException {
        long completed = Point.field(summary, "completed_with_warmup").asLong();
        return new BulkRun(server, bytes, Point.field(summary, "requests").asLong(),
                Point.field(summary, "throughput").asDouble(), completed > 0 ? cpuSeconds * 1e3 / completed : Double.NaN,
                Point.field(summary, "errors").asLong(), "");
    }

    static BulkRun failed(String server, long bytes, String why) {
        return new BulkRun(server, bytes, 0, 0, Double.NaN, 0, why);
    }
}
