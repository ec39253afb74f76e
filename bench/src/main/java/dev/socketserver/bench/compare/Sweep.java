package dev.socketserver.bench.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jetbrains.annotations.Nullable;

/**
 * One server's sweep on one kind of connection: a point per rate, from light to past saturation.
 *
 * @param server the contestant's name
 * @param connection {@code kept} or {@code new}
 * @param clients nload's connections
 * @param points one per rate measured; kept in offered-rate order (a sweep's extra rates, {@link RateBisection},
 *     are measured after the rate above them)
 * @param failure why the sweep stopped early (the server did not start, or died), else empty
 * @param closedLoopThroughput requests/s answered by a closed loop of the same clients before the sweep
 *     (the targets' two servers: {@link CompareMain}), else null
 */
record Sweep(String server, String connection, int clients, List<Point> points, String failure,
             @JsonProperty("closed_loop_throughput") @Nullable Double closedLoopThroughput) {

    Sweep {
        points = points.stream().sorted(Comparator.comparingDouble(Point::offeredRate)).toList();
    }

    /** A sweep without a closed loop. */
    Sweep(String server, String connection, int clients, List<Point> points, String failure) {
        this(server, connection, clients, points, failure, null);
    }

    /** The server's name, and the number of clients when it is not the main sweeps' 16. */
    String label() {
        return clients == Contestants.CLIENTS ? server : server + ", " + clients + " clients";
    }

    /**
     * The highest p99.9 among the rates within the bound (the target: no one-second outlier there),
     * else among the rates the server still answered; null when it answered none.
     */
    @JsonProperty("worst_p999_ms")
    @Nullable Double worstP999() {
        List<Point> counted = points.stream().filter(Point::sustained).toList();
        if (counted.isEmpty()) {
            counted = points.stream().filter(p -> !p.pastSaturation()).toList();
        }
        return counted.stream().map(Point::p999).max(Double::compare).orElse(null);
    }

    /** The highest offered rate at which the server kept p99 ≤ 10 ms (and answered what was offered). */
    @JsonProperty("highest_rate_p99_within_bound")
    @Nullable Double highestSustainedRate() {
        return best().map(Point::offeredRate).orElse(null);
    }

    /**
     * Where CPU per request is read: the highest rate within the bound, else the highest rate the
     * server still answered (not past saturation). The most requests there: the JVM's fixed costs
     * (JIT, GC, timers) weigh least.
     */
    @JsonProperty("cpu_measured_at_rate")
    @Nullable Double cpuRate() {
        return cpuPoint().map(Point::offeredRate).orElse(null);
    }

    /** The server's CPU per request at {@link #cpuRate()}. */
    @JsonProperty("cpu_us_per_request")
    @Nullable Double cpuMicrosPerRequest() {
        return cpuPoint().map(Point::cpuMicrosPerRequest).orElse(null);
    }

    private Optional<Point> cpuPoint() {
        return best().or(() -> points.stream().filter(p -> !p.pastSaturation())
                .reduce((a, b) -> b.offeredRate() > a.offeredRate() ? b : a));
    }

    /**
     * The highest throughput any rate reached, or the closed loop when it answered more. An open
     * loop past a server's capacity answers less than the capacity (requests time out, connections
     * queue), so when two servers both answer all of one rate and neither the doubled one, their
     * sweeps alone read the same peak, to within the requests in flight at the window's end.
     */
    @JsonProperty("peak_throughput")
    double peakThroughput() {
        double open = points.stream().mapToDouble(Point::throughput).max().orElse(0);
        return closedLoopThroughput == null ? open : Math.max(open, closedLoopThroughput);
    }

    Optional<Point> at(double rate) {
        return points.stream().filter(p -> p.offeredRate() == rate).findFirst();
    }

    private Optional<Point> best() {
        return points.stream().filter(Point::sustained).reduce((a, b) -> b.offeredRate() > a.offeredRate() ? b : a);
    }
}
