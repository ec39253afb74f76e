package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code make bench}'s forked step (issue 12): forked mode with its warm pool ({@code --fork-pool 2})
 * and with a child started per request ({@code --fork-pool 0}), side by side in one run, with the
 * native client {@code nload} and a 4 KiB file on a new connection per request: p50/p99 at a light
 * load (2 requests/s), the highest rate with p99 ≤ 1 s, and the children's CPU per request against
 * {@code java -Xshare:auto -version}'s. Writes {@code forked-PROFILE.json} and
 * {@code forked-PROFILE.md}, and appends the latter to {@code report-PROFILE.md} when there is one.
 *
 * <p>Usage: {@code ForkedMain RESULTS_DIR NATIVE_DIR SERVE_JAR PROFILE [LIGHT_SECONDS]}. Unpinned:
 * a child JVM's start uses both cores, as it would in use. Each server gets an AOT cache directory
 * of its own, made during its warm-up (unrecorded), so that no earlier run's cache counts.
 */
public final class ForkedMain {

    static final double LIGHT_RATE = 2;
    /** Above the light rate, doubling; forked mode saturates near 10 requests/s on 2 cores. */
    static final List<Double> RATES = Contestant.geometric(4, 64, 2);
    private static final double SWEEP_SECONDS = 5;
    private static final Contestant.Load NEW = new Contestant.Load("new", 4); // a connection per request, 4 at most
    private static final int TIMEOUT_SECONDS = 30;
    /** Runs of {@code java -Xshare:auto -version} just before and just after each server's light load. */
    static final int JAVA_VERSION_RUNS = 5;
    private static final String FILE = CompareMain.FILE;

    private ForkedMain() {
    }

    public static void main(String[] args) {
        System.exit(CompareMain.exitStatus("forked bench", args, ForkedMain::run));
    }

    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length < 4 || args.length > 5) {
            throw new CompareMain.UsageException("usage: ForkedMain RESULTS_DIR NATIVE_DIR SERVE_JAR PROFILE [LIGHT_SECONDS]");
        }
        Path results = Path.of(args[0]);
        Path nload = Path.of(args[1], "nload");
        if (!Files.isExecutable(nload)) {
            throw new CompareMain.UsageException("no executable " + nload + " (make -C bench/native builds it)");
        }
        Path jar = Path.of(args[2]);
        if (!Files.isRegularFile(jar)) {
            throw new CompareMain.UsageException("no serve jar at " + jar + " (make build makes it)");
        }
        String profile = args[3];
        if (!profile.matches("[a-z]+")) {
            throw new CompareMain.UsageException("profile must be a word such as quick, got '" + profile + "'");
        }
        double lightSeconds = args.length == 5 ? lightSeconds(args[4]) : 15;
        Files.createDirectories(results);
        Path work = Files.createTempDirectory("forked-bench");
        try {
            JavaVersionCpu yardstick = new JavaVersionCpu(Path.of(args[1]), Contestants.javaCommand());
            ForkedRun run = measure(new LoadClient(nload, List.of()), yardstick, jar, work, lightSeconds);
            ForkedReport.writeJson(results.resolve("forked-" + profile + ".json"), run);
            String markdown = ForkedReport.markdown(run, lightSeconds, profile.equals("quick") ? "make bench" : "make bench-" + profile);
            Files.writeString(results.resolve("forked-" + profile + ".md"), markdown);
            Path report = results.resolve("report-" + profile + ".md");
            if (Files.isRegularFile(report)) {
                Files.writeString(report, Files.readString(report) + "\n" + markdown);
            }
            System.out.print(markdown);
            return run.servers().stream().allMatch(s -> s.light().requests() > 0) ? 0 : 1;
        } finally {
            deleteTree(work);
        }
    }

    private static ForkedRun measure(LoadClient client, JavaVersionCpu yardstick, Path jar, Path work, double lightSeconds)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(work.resolve("root"));
        byte[] bytes = new byte[CompareMain.FILE_BYTES];
        new Random(13).nextBytes(bytes);
        Files.write(root.resolve(FILE), bytes);
        Path log = Files.createTempFile("forked-bench-server", ".log");
        System.out.println("forked bench: the servers' error output is in " + log);
        String loadBefore = Pinning.loadAverage();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        System.out.println("forked bench: --fork-pool 2 and 0, a 4 KiB file on new connections, " + lightSeconds
                + " s at " + LIGHT_RATE + "/s, then " + SWEEP_SECONDS + " s per rate; load average " + loadBefore);
        List<ForkedRun.Server> servers = new ArrayList<>();
        for (int pool : new int[] {2, 0}) {
            servers.add(server(client, yardstick, jar, root, work.resolve("cache-" + pool), log, pool, lightSeconds));
        }
        return new ForkedRun(date, loadBefore, Pinning.loadAverage(), servers, yardstick.runs());
    }

    private static ForkedRun.Server server(LoadClient client, JavaVersionCpu yardstick, Path jar, Path root, Path cache,
                                           Path log, int pool, double lightSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Contestants.javaCommand()));
        command.addAll(Contestants.JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--mode", "forked", "--fork-pool", Integer.toString(pool),
                "--port", "0", "--root", root.toString()));
        Contestant contestant = new Contestant("serve --mode forked --fork-pool " + pool, command, RATES, LIGHT_RATE, List.of(NEW),
                TIMEOUT_SECONDS, false);
        try (ServerProcess server = ServerProcess.start(command, Map.of("XDG_CACHE_HOME", cache.toString()), log)) {
            warmUp(client, server, contestant, cache);
            List<Double> around = new ArrayList<>(yardstick.measure(JAVA_VERSION_RUNS)); // JavaVersionCpu says why
            double before = CpuTime.childrenSeconds(server.pid());
            JsonNode summary = client.run(server.port(), FILE, contestant, NEW, LIGHT_RATE,
                    new LoadClient.Settings(lightSeconds, 0.5));
            Thread.sleep(1_500); // the last child exits and is reaped; a pool's replacements keep waiting
            double childCpu = CpuTime.childrenSeconds(server.pid()) - before;
            around.addAll(yardstick.measure(JAVA_VERSION_RUNS));
            long completed = summary.path("completed_with_warmup").asLong();
            Point light = Point.of(summary, LIGHT_RATE, childCpu);
            print(contestant, light);
            List<Point> sweep = new ArrayList<>();
            for (double rate : RATES) {
                double cpuBefore = CpuTime.childrenSeconds(server.pid());
                JsonNode result = client.run(server.port(), FILE, contestant, NEW, rate,
                        new LoadClient.Settings(SWEEP_SECONDS, 1));
                Thread.sleep(1_000); // the rate's last children end before the next rate starts
                Point point = Point.of(result, rate, CpuTime.childrenSeconds(server.pid()) - cpuBefore);
                sweep.add(point);
                print(contestant, point);
                if (point.pastSaturation() || point.p99() > ForkedRun.P99_BOUND_MS) {
                    break;
                }
            }
            return new ForkedRun.Server(pool, light, completed > 0 ? childCpu / completed : Double.NaN,
                    JavaVersionCpu.median(around), sweep);
        }
    }

    /**
     * Unrecorded requests, one a second, until the children's AOT cache is made (the first child's
     * request trains it) and a few more served from it: the measured children all start from it.
     */
    private static void warmUp(LoadClient client, ServerProcess server, Contestant contestant, Path cache)
            throws IOException, InterruptedException {
        LoadClient.Settings settings = new LoadClient.Settings(3, 0.5);
        client.run(server.port(), FILE, contestant, NEW, 1, settings);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!cacheMade(cache) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (!cacheMade(cache)) {
            System.out.println("forked bench: no AOT cache after 90 s; measuring without one");
        }
        client.run(server.port(), FILE, contestant, NEW, 1, settings);
        Thread.sleep(1_500); // the pool refills after the last warm-up request
    }

    private static boolean cacheMade(Path cache) throws IOException {
        Path aot = cache.resolve("socketserver").resolve("aot");
        if (!Files.isDirectory(aot)) {
            return false;
        }
        try (Stream<Path> files = Files.list(aot)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".aot"));
        }
    }

    private static void print(Contestant contestant, Point point) {
        System.out.printf("%-36s %6.0f/s -> %6.1f/s p50 %8.2f ms p99 %8.2f ms errors %d%n", contestant.name(),
                point.offeredRate(), point.throughput(), point.p50(), point.p99(), point.errors());
    }

    private static double lightSeconds(String text) throws CompareMain.UsageException {
        try {
            double value = Double.parseDouble(text);
            if (value >= 1 && value <= 600) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the one-line message
        }
        throw new CompareMain.UsageException("light-load seconds must be a number in [1, 600], got '" + text + "'");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
