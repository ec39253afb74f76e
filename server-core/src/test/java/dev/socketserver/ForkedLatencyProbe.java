package dev.socketserver;

import dev.socketserver.fork.ForkedDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Measures forked mode's latency from accept to the child's first byte, as a client sees it:
 * connect, then wait for the first byte a fresh child JVM sends. Not a test: run it with
 * {@code scripts/forked-latency [REQUESTS]}. Requests run one at a time on an idle server, first
 * without the AOT cache, then with it (made by a training child beforehand).
 */
public final class ForkedLatencyProbe {

    private ForkedLatencyProbe() {
    }

    /** Sends one byte at once. */
    public static final class FirstByte extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            send(new byte[] {'!'});
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.println("load average (1, 5, 15 min) at start: " + loadAverage());
        Path work = Files.createTempDirectory("forked-latency");
        try {
            String classPath = ForkedTesting.jarClassPath(work);
            // warmChildren 0: what is measured is a child started for its request, not a waiting one
            ForkOptions fork = ForkOptions.builder().classPath(classPath).warmChildren(0).build();
            report("plain start (no AOT cache)", measure(fork.toBuilder().aotCacheDirectory(null).build(), requests));
            report("AOT cache", measure(fork.toBuilder().aotCacheDirectory(work.resolve("aot")).build(), requests));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Milliseconds from connect to first byte, for each request after one warm-up request. */
    private static double[] measure(ForkOptions fork, int requests) throws Exception {
        ServerOptions options = ServerOptions.builder().mode(Mode.FORKED).fork(fork).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), FirstByte.class, options)) {
            var serving = ForkedTesting.serve(server);
            firstByteMillis(server); // warm-up; with a cache directory, the training child
            Path cache = ((ForkedDispatcher) server.dispatcher()).aotCacheFile();
            if (cache != null) {
                ForkedTesting.await(() -> Files.isRegularFile(cache), Duration.ofMinutes(2), "AOT cache made");
            }
            double[] millis = new double[requests];
            for (int i = 0; i < requests; i++) {
                ForkedTesting.await(() -> server.activeCount() == 0, Duration.ofSeconds(30), "previous child ended");
                millis[i] = firstByteMillis(server);
            }
            server.shutdown();
            serving.join();
            return millis;
        }
    }

    private static double firstByteMillis(TcpServer server) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            if (client.read(ByteBuffer.allocate(1)) != 1) {
                throw new IOException("the child sent nothing");
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? String.join(" ", Arrays.copyOf(Files.readString(loadavg).split(" "), 3)) : "unknown";
    }

    private static void report(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%-28s n=%d  min %.1f ms  median %.1f ms  p90 %.1f ms  max %.1f ms%n", what, sorted.length,
                sorted[0], sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1],
                sorted[sorted.length - 1]);
    }
}
