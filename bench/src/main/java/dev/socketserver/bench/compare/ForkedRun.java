package dev.socketserver.bench.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jetbrains.annotations.Nullable;

/**
 * What {@code make bench}'s forked step measured: forked mode with its warm pool and without,
 * side by side in one run, and {@code java -Xshare:auto -version}'s CPU in the same run.
 *
 * @param date when the run started (UTC)
 * @param loadBefore the load average before the run
 * @param loadAfter the load average after it
 * @param servers one per {@code --fork-pool} value
 * @param javaVersionRuns each {@code java -Xshare:auto -version} run's CPU, in seconds, taken just before and just after
 *     each server's light load
 */
record ForkedRun(String date, @JsonProperty("load_before") String loadBefore, @JsonProperty("load_after") String loadAfter,
                 List<Server> servers, @JsonProperty("java_version_runs_cpu_s") List<Double> javaVersionRuns) {

    /** A rate counts when p99 stays within this bound (the "under 1 s"). */
    static final double P99_BOUND_MS = 1000;

    ForkedRun {
        servers = List.copyOf(servers);
        javaVersionRuns = List.copyOf(javaVersionRuns);
    }

    /**
     * One server's figures.
     *
     * @param pool its {@code --fork-pool}
     * @param light the light-load point (≤ 2 requests/s)
     * @param childCpuSeconds its reaped children's CPU (cutime + cstime) over the light run, per request answered
     * @param javaVersionCpuSeconds the median CPU of the {@code java -version} runs just before and just after its light run,
     *     the yardstick its children are compared with
     * @param sweep the rates above the light one, until p99 passed the bound or the server saturated
     */
    record Server(int pool, Point light, @JsonProperty("child_cpu_s") double childCpuSeconds,
                  @JsonProperty("java_version_cpu_s") double javaVersionCpuSeconds, List<Point> sweep) {

        Server {
            sweep = List.copyOf(sweep);
        }

        /**
         * The highest offered rate with p99 ≤ 1 s, no error and ≥ 90% answered, counting up from the
         * light rate and stopping at the first that is not; null when the light rate is not.
         */
        @JsonProperty("highest_rate_p99_within_1s")
        @Nullable Double highestRate() {
            Double highest = null;
            for (Point point : Stream.concat(Stream.of(light), sweep.stream()).toList()) {
                if (!within(point)) {
                    break;
                }
                highest = point.offeredRate();
            }
            return highest;
        }

        private static boolean within(Point point) {
            return point.errors() == 0 && point.p99() <= P99_BOUND_MS && point.throughput() >= 0.9 * point.offeredRate();
        }
    }

    /**
     * The CPU of one {@code java -Xshare:auto -version}: the median of all runs (each server's ratio is
     * to the runs around its own light run, {@link Server#javaVersionCpuSeconds}).
     */
    @JsonProperty("java_version_cpu_s")
    double javaVersionCpuSeconds() {
        return JavaVersionCpu.median(javaVersionRuns);
    }

    /** The server with {@code pool} waiting children, if measured. */
    Optional<Server> server(int pool) {
        return servers.stream().filter(s -> s.pool() == pool).findFirst();
    }
}
