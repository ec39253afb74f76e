package dev.socketserver.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where server and client run: with two or more cores and {@code taskset}, the server on core 0
 * and the client on core 1 (the last core), so neither steals the other's CPU and the server's
 * CPU per request is its own; otherwise unpinned.
 *
 * @param server the server command's prefix
 * @param client the client command's prefix
 * @param description for the report
 */
record Pinning(List<String> server, List<String> client, String description) {

    static Pinning detect() {
        int cores = Runtime.getRuntime().availableProcessors();
        Path taskset = Path.of("/usr/bin/taskset");
        if (cores < 2 || !Files.isExecutable(taskset)) {
            return new Pinning(List.of(), List.of(), "server and client unpinned (" + cores + " cores"
                    + (Files.isExecutable(taskset) ? "" : ", no taskset") + ")");
        }
        String last = Integer.toString(cores - 1);
        String serverCores = cores == 2 ? "0" : "0-" + (cores - 2);
        return new Pinning(List.of(taskset.toString(), "-c", serverCores), List.of(taskset.toString(), "-c", last),
                "server pinned to core(s) " + serverCores + ", client to core " + last + " (taskset)");
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} says. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
