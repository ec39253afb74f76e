package dev.socketserver;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.fork.ForkedDispatcher;
import dev.socketserver.internal.OpenDescriptors;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Issue 12's life-and-death check at scale: after many pooled requests (1,000 by default) the
 * server's descriptors are back at their baseline and no child is left. Not a test (it takes
 * minutes: a JVM start per request); run it with {@code scripts/forked-pool-descriptors}. Each
 * request waits for a ready child and checks that a child of the pool served it, so every request
 * counted is a pooled one (a first one trains the children's AOT cache, as the pool waits for it); it stops at its time limit and says how far it got.
 */
public final class ForkedPoolDescriptorsProbe {

    private static final int POOL = 2;

    private ForkedPoolDescriptorsProbe() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perChild = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Duration limit = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 1800);
        Path work = Files.createTempDirectory("forked-pool-descriptors");
        try {
            ForkOptions fork = ForkOptions.builder().classPath(ForkedTesting.jarClassPath(work))
                    .aotCacheDirectory(work.resolve("aot")).warmChildren(POOL).requestsPerChild(perChild).build();
            ServerOptions options = ForkedTesting.options().toBuilder().fork(fork).build();
            run(options, 3, Duration.ofMinutes(5)); // once: what the JDK and junixsocket open for good, and the AOT cache
            int before = OpenDescriptors.count();
            long started = System.nanoTime();
            Result result = run(options, requests, limit);
            int afterClose = OpenDescriptors.awaitAtMost(before, Duration.ofSeconds(20));
            System.out.printf("%d pooled requests (of %d asked), %d per child: %d distinct child pids, %.0f s%n",
                    result.served, requests, perChild, result.children.size(), (System.nanoTime() - started) / 1e9);
            System.out.printf("server descriptors with the pool settled: %d before the requests, %d after%n",
                    result.settledBefore, result.settledAfter);
            System.out.printf("descriptors without a server: %d before, %d after close%n", before, afterClose);
            System.out.printf("child processes left after close: %d%n", result.childrenLeft);
            boolean ok = result.settledAfter <= result.settledBefore && afterClose <= before && result.childrenLeft == 0;
            System.out.println(ok ? "OK" : "FAILED: " + OpenDescriptors.describe());
            if (!ok) {
                System.exit(1);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private record Result(int served, Set<Long> children, int settledBefore, int settledAfter, long childrenLeft) {
    }

    private static Result run(ServerOptions options, int requests, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Set<Long> children = new HashSet<>();
        int served = 0;
        int settledBefore;
        int settledAfter;
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, options)) {
            var serving = ForkedTesting.serve(server);
            ForkedDispatcher dispatcher = (ForkedDispatcher) server.dispatcher();
            Path cache = dispatcher.aotCacheFile();
            if (cache != null && !Files.isRegularFile(cache)) {
                // The pool starts once the children's AOT cache is made: by a child started for a first request.
                children.add(request(server));
                ForkedTesting.await(() -> Files.isRegularFile(cache), Duration.ofMinutes(2), "AOT cache made");
            }
            ForkedTesting.awaitSettled(server);
            settledBefore = OpenDescriptors.count();
            // every child seen waiting: a child started for a request never is (ids wrap: a sanity check only)
            Set<Long> pool = new HashSet<>();
            while (served < requests && System.nanoTime() < deadline) {
                ForkedTesting.await(() -> !dispatcher.readyChildren().isEmpty(), Duration.ofMinutes(2), "a ready child");
                pool.addAll(dispatcher.waitingChildren()); // with the one to take it, even if it is ready a moment later
                long pid = request(server);
                if (!pool.contains(pid)) {
                    throw new AssertionError("request " + served + " was served by " + pid + ", not a pooled child");
                }
                children.add(pid);
                served++;
                if (served % 100 == 0) {
                    System.out.printf("%d requests, %d descriptors, load average %s%n", served, OpenDescriptors.count(),
                            Files.readString(Path.of("/proc/loadavg")).trim());
                }
            }
            ForkedTesting.awaitSettled(server);
            settledAfter = OpenDescriptors.awaitAtMost(settledBefore, Duration.ofSeconds(20));
            server.shutdown();
            serving.join();
            server.serverClose();
        }
        return new Result(served, children, settledBefore, settledAfter, awaitNoChildLeft());
    }

    /**
     * Waits (generously: the machine may be loaded) until this JVM has no child process left, and
     * says which are still there. By ancestry, not by process id: over a thousand children the ids
     * wrap around, and an old child's id may be another process's (or thread's) by then.
     */
    private static long awaitNoChildLeft() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.current().descendants().findAny().isPresent()) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        ProcessHandle.current().descendants().forEach(left -> System.out.println("still running 60 s after close: "
                + left.pid() + " " + left.info().commandLine().orElse("?")));
        return ProcessHandle.current().descendants().count();
    }

    private static long request(TcpServer server) throws Exception {
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            String report = new String(TestIo.readAll(client), StandardCharsets.UTF_8);
            return Long.parseLong(report.substring(0, report.indexOf('|')));
        }
    }
}
