package dev.socketserver.bench.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A whole {@code make compare} run, as written to {@code compare.json}.
 *
 * @param date when it ran (UTC, ISO-8601)
 * @param machine cores, kernel, load average before and after
 * @param pinning how server and client were placed on the cores
 * @param serveStart how serve's JVMs started: with the AOT cache {@code make aot} trains, or without one
 * @param file the requested file and its size
 * @param secondsPerRate measured seconds per rate (after a warm-up)
 * @param lightSeconds measured seconds at the light rate for the targets' two servers ({@link PointLengths});
 *     0 in a run from before 2026-11-30 06:37, when it was {@code secondsPerRate} too
 * @param lightRate the common light rate the table shows p50/p99 at
 * @param sweeps one per server and load (connection kind and clients)
 * @param bulkFile the large file and how it was requested
 * @param bulk one per server that sent it
 */
record CompareRun(String date, Machine machine, String pinning, String serveStart, String file, double secondsPerRate,
                  double lightSeconds, double lightRate, List<Sweep> sweeps, String bulkFile, List<BulkRun> bulk) {

    CompareRun {
        sweeps = List.copyOf(sweeps);
        bulk = List.copyOf(bulk);
    }

    /** Issue 14's targets, each as a ratio of the default mode to the native peer in this run. */
    @JsonProperty("targets")
    List<Targets.Target> targets() {
        return Targets.of(this);
    }

    /** What the figures were measured on. */
    record Machine(int cores, String kernel, String loadBefore, String loadAfter) {
    }
}
