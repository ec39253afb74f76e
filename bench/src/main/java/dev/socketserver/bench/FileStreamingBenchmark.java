package dev.socketserver.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jetbrains.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * File-streaming throughput: every benchmark thread is one client downloading one file per
 * operation with the seed's protocol and checking its MD5, so ops/s is requests/s and
 * ops/s × file size is the bytes/s served. The number of clients is JMH's thread count
 * ({@code -t}); {@link BenchMain} runs the grid of modes, sizes and client counts.
 *
 * <p>{@code connection=new} opens a connection per request, the unit of work of a socketserver
 * (and what forked mode pays a JVM start for); {@code connection=kept} keeps one connection per
 * client and sends request after request on it, as the seed's interactive client does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FileStreamingBenchmark {

    /** A {@link ServerKind} flag: the framework's modes and the two peers. */
    @Param({"sync", "threaded", "virtual", "forked", "bare", "netty"})
    public String mode = "virtual";

    /** A {@link FileSize} label. */
    @Param({"4KiB", "1MiB", "100MiB"})
    public String size = "4KiB";

    /** {@code tcp} (loopback) or {@code unix}. */
    @Param({"tcp"})
    public String transport = "tcp";

    /** {@code new}: a connection per request; {@code kept}: one connection per client for all its requests. */
    @Param({"new"})
    public String connection = "new";

    private @Nullable ServedFiles files;
    private @Nullable BenchServer server;
    private @Nullable Path socketDir;
    private SocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private FileSize fileSize = FileSize.KIB_4;
    private String md5 = "";

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        ServerKind kind = ServerKind.parse(mode);
        if (kind == ServerKind.SYNC && keptConnections() && params.getThreads() > 1) {
            throw new IllegalStateException("sync mode serves one connection at a time: connection=kept with "
                    + params.getThreads() + " clients would wait forever");
        }
        fileSize = FileSize.parse(size);
        files = ServedFiles.create(fileSize);
        md5 = files.md5(fileSize);
        socketDir = Files.createTempDirectory("socketserver-bench-sock-");
        server = kind.start(Transport.parse(transport).bindAddress(socketDir), files.root());
        address = server.address();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        if (files != null) {
            files.close();
        }
        if (socketDir != null) {
            Files.deleteIfExists(socketDir);
        }
    }

    private boolean keptConnections() {
        return switch (connection) {
            case "new" -> false;
            case "kept" -> true;
            default -> throw new IllegalArgumentException("connection must be 'new' or 'kept', got '" + connection + "'");
        };
    }

    /** One client's connection when connections are kept. */
    @State(Scope.Thread)
    public static class Client {
        private @Nullable DownloadClient kept;

        DownloadClient connection(SocketAddress address) throws IOException {
            DownloadClient client = kept;
            if (client == null) {
                client = DownloadClient.connect(address);
                kept = client;
            }
            return client;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (kept != null) {
                kept.close();
                kept = null;
            }
        }
    }

    /** One request: the file, checked; returns its size so that nothing is optimized away. */
    @Benchmark
    public long download(Client client) throws IOException {
        if (keptConnections()) {
            return client.connection(address).download(fileSize.fileName(), fileSize.bytes(), md5);
        }
        try (DownloadClient once = DownloadClient.connect(address)) {
            return once.download(fileSize.fileName(), fileSize.bytes(), md5);
        }
    }
}
