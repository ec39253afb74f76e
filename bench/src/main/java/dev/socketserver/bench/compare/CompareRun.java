package dev.socketserver.bench.compare;

import java.util.List;

/**
 * A whole {@code make compare} run, as written to {@code compare.json}.
 *
 * @param date when it ran (UTC, ISO-8601)
 * @param machine cores, kernel, load average before and after
 * @param pinning how server and client were placed on the cores
 * @param file the requested file and its size
 * @param secondsPerRate measured seconds per rate (after a warm-up)
 * @param lightRate the common light rate the table shows p50/p99 at
 * @param sweeps one per server and connection kind
 */
record CompareRun(String date, Machine machine, String pinning, String file, double secondsPerRate,
                  double lightRate, List<Sweep> sweeps) {

    CompareRun {
        sweeps = List.copyOf(sweeps);
    }

    /** What the figures were measured on. */
    record Machine(int cores, String kernel, String loadBefore, String loadAfter) {
    }
}
