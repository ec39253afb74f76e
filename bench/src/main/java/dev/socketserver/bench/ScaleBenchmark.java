package dev.socketserver.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.ThreadParams;
import org.tinylog.Logger;

/**
 * Many connections held open at once: {@code connections} clients connect to a server in its own
 * JVM ({@link ScaleServerMain}) and stay connected, so the server holds one handler (and, in
 * threaded mode, one platform thread) per connection. The benchmark threads then take turns over
 * all the connections, each operation one 4 KiB download on the next connection of that thread,
 * so every connection is served again and again while all of them stay open.
 *
 * <p>At the end of the trial the server's memory (heap in use, live heap after a GC, RSS, platform
 * threads) is measured before and after the connections were opened and appended as one JSON line
 * to the file named by the system property {@value #MEMORY_FILE_PROPERTY}.
 *
 * <p>Bounded: every connection needs a descriptor on each side; the trial refuses to start unless
 * this JVM may open {@code connections} + 1,000 files (raise with {@code ulimit -n}; the Makefile does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScaleBenchmark {

    @Param({"virtual", "threaded"})
    public String mode = "virtual";

    @Param({"10000"})
    public int connections = 10_000;

    /** The system property naming the file the server's memory is appended to. */
    public static final String MEMORY_FILE_PROPERTY = "bench.scale.memory";

    private static final int CLIENT_BUFFER = 4 * 1024;

    private final FileSize fileSize = FileSize.KIB_4;
    private @Nullable ServedFiles files;
    private @Nullable ScaleServerProcess server;
    private final List<DownloadClient> clients = new ArrayList<>();
    private @Nullable ServerStats idle;
    private String md5 = "";

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        requireDescriptors(connections + 1_000L);
        files = ServedFiles.create(fileSize);
        md5 = files.md5(fileSize);
        server = ScaleServerProcess.start(mode, files.root());
        idle = server.stats();
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            clients.add(DownloadClient.connect(address, CLIENT_BUFFER));
        }
        Logger.info("{} connections open to the {} server in {} ms", connections, mode,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void requireDescriptors(long needed) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                && unix.getMaxFileDescriptorCount() < needed) {
            throw new IllegalStateException("this JVM may open " + unix.getMaxFileDescriptorCount()
                    + " files, the scale benchmark needs " + needed + ": raise the limit with 'ulimit -n'");
        }
    }

    /** The connections one benchmark thread serves in turn: every {@code threadCount}-th, from its index. */
    @State(Scope.Thread)
    public static class Turn {
        private int next = -1;
        private int step;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            next = thread.getThreadIndex();
            step = thread.getThreadCount();
        }

        DownloadClient take(List<DownloadClient> clients) {
            DownloadClient client = clients.get(next);
            next += step;
            if (next >= clients.size()) {
                next %= step;
            }
            return client;
        }
    }

    @Benchmark
    public long download(Turn turn) throws IOException {
        return turn.take(clients).download(fileSize.fileName(), fileSize.bytes(), md5);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            if (server != null && idle != null) {
                record(idle, server.stats());
            }
        } finally {
            for (DownloadClient client : clients) {
                client.close();
            }
            clients.clear();
            if (server != null) {
                server.close();
            }
            if (files != null) {
                files.close();
            }
        }
    }

    private void record(ServerStats before, ServerStats loaded) throws IOException {
        String json = String.format(
                "{\"mode\":\"%s\",\"connections\":%d,\"idle\":%s,\"loaded\":%s}%n",
                mode, connections, toJson(before), toJson(loaded));
        Logger.info("scale {}: {}", mode, json.strip());
        String file = System.getProperty(MEMORY_FILE_PROPERTY);
        if (file != null) {
            Files.writeString(Path.of(file), json, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String toJson(ServerStats stats) {
        return String.format("{\"heapUsed\":%d,\"heapLive\":%d,\"rss\":%d,\"platformThreads\":%d}",
                stats.heapUsed(), stats.heapLive(), stats.rss(), stats.platformThreads());
    }
}
