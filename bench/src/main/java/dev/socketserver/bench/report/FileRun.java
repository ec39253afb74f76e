package dev.socketserver.bench.report;

import dev.socketserver.bench.FileSize;
import dev.socketserver.bench.ServerKind;
import java.util.Comparator;
import java.util.List;

/**
 * A file-streaming result read as what it measured: which server ({@code mode}) served which file
 * size to how many clients, over which transport and connection kind, at how many requests/s.
 */
record FileRun(String transport, String connection, FileSize size, int clients, ServerKind mode,
               double requestsPerSecond, double error, String range) {

    static final String BENCHMARK = "FileStreamingBenchmark";

    /** Transport, connection kind, size, clients, then the servers in {@link ServerKind} order. */
    static final Comparator<FileRun> ORDER = Comparator.comparing(FileRun::transport)
            .thenComparing(FileRun::connection, Comparator.reverseOrder())
            .thenComparing(FileRun::size)
            .thenComparingInt(FileRun::clients)
            .thenComparing(FileRun::mode);

    static List<FileRun> of(List<BenchResult> results) {
        return results.stream()
                .filter(r -> r.benchmark().equals(BENCHMARK) && r.throughput())
                .map(r -> new FileRun(r.param("transport"), r.param("connection"), FileSize.parse(r.param("size")),
                        r.threads(), ServerKind.parse(r.param("mode")), r.score(), r.error(), r.range()))
                .sorted(ORDER)
                .toList();
    }

    /** Megabytes (10^6 bytes) per second of file body served. */
    double megabytesPerSecond() {
        return requestsPerSecond * size.bytes() / 1e6;
    }

    /** Whether {@code other} measured the same situation (all but the server). */
    boolean sameCase(FileRun other) {
        return transport.equals(other.transport) && connection.equals(other.connection)
                && size == other.size && clients == other.clients;
    }

    /** {@code tcp, new connection, 4KiB, 16 clients} */
    String describeCase() {
        return transport + ", " + ("new".equals(connection) ? "connection per request" : "kept connection")
                + ", " + size.label() + ", " + clients + (clients == 1 ? " client" : " clients");
    }
}
