package dev.socketserver.cli;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a {@code load} run measured, as one line: the same shape as the native load client's, so
 * the two can be compared line by line.
 *
 * @param requests requests answered in full (digest checked); the percentiles are theirs
 * @param errors requests that failed (refused, broken reply, timeout, connection lost)
 * @param seconds how long the run took, from its start to its last answer
 */
record LoadSummary(long requests, long errors, double seconds, long p50Nanos, long p90Nanos, long p99Nanos,
        long p999Nanos, long maxNanos) {

    static LoadSummary of(Histogram latencies, long errors, long elapsedNanos) {
        boolean none = latencies.getTotalCount() == 0;
        return new LoadSummary(latencies.getTotalCount(), errors, elapsedNanos / 1e9,
                none ? 0 : latencies.getValueAtPercentile(50), none ? 0 : latencies.getValueAtPercentile(90),
                none ? 0 : latencies.getValueAtPercentile(99), none ? 0 : latencies.getValueAtPercentile(99.9),
                none ? 0 : latencies.getMaxValue());
    }

    /** Answered requests per second. */
    double rate() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** {@code requests=… rate=…/s p50=…ms p90=…ms p99=…ms p99.9=…ms max=…ms errors=…} */
    String line() {
        return String.format(Locale.ROOT, "requests=%d rate=%.1f/s p50=%sms p90=%sms p99=%sms p99.9=%sms max=%sms errors=%d",
                requests, rate(), millis(p50Nanos), millis(p90Nanos), millis(p99Nanos), millis(p999Nanos),
                millis(maxNanos), errors);
    }

    /** The same figures and the plan that produced them, as one JSON object on one line. */
    String json(LoadPlan plan) {
        return String.format(Locale.ROOT, "{\"loop\":\"%s\",\"connection\":\"%s\",\"clients\":%d,\"target_rate\":%s,"
                        + "\"seconds\":%.3f,\"requests\":%d,\"rate\":%.1f,\"p50_ms\":%s,\"p90_ms\":%s,\"p99_ms\":%s,"
                        + "\"p99_9_ms\":%s,\"max_ms\":%s,\"errors\":%d}",
                plan.openLoop() ? "open" : "closed", plan.connection().flag(), plan.clients(),
                plan.rate().isPresent() ? String.format(Locale.ROOT, "%.1f", plan.rate().getAsDouble()) : "null",
                seconds, requests, rate(), millis(p50Nanos), millis(p90Nanos), millis(p99Nanos), millis(p999Nanos),
                millis(maxNanos), errors);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
