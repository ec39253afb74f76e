package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code make compare}: every mode of {@code serve} and every peer under nload's open loop, a 4 KiB
 * file on kept and on new connections, each swept from a light rate to past saturation;
 * writes {@code compare.json}, {@code compare.md} and {@code compare.png} to the results directory.
 *
 * <p>Usage: {@code CompareMain RESULTS_DIR NATIVE_DIR SERVE_JAR [SECONDS_PER_RATE]}, NATIVE_DIR holding
 * {@code nload} and {@code nserve}; {@code CompareMain --chart COMPARE_JSON PNG} draws the chart again
 * from a run's JSON. Bad arguments: one line on standard error, exit 2; a run that
 * could not measure anything: exit 1.
 */
public final class CompareMain {

    static final String FILE = "file-4k";
    static final int FILE_BYTES = 4096;
    /** The large file, sent to one client: issue 14's "100 MB at 1 client". */
    static final String BULK_FILE = "file-100m";
    static final int BULK_BYTES = 100 * 1024 * 1024;
    /** Measured seconds of the large file's run (about 40 downloads at 2 GB/s). */
    private static final double BULK_SECONDS = 2;
    /** Unrecorded seconds before it: the first download hashes the file, the next ones are sent from the cache. */
    private static final double BULK_WARM_UP_SECONDS = 1;
    /** Light enough for every server but forked mode, which forks a JVM per connection. */
    static final double LIGHT_RATE = 250;
    private static final String COMMAND = "make compare";
    /**
     * Seconds per rate: 2.5 (3 until the 4-client and large-file runs were added), which keeps the
     * whole run near 10 minutes on 2 cores. The targets' light rate runs four times as long
     * ({@link PointLengths}): 625 requests put its p99 on the 7th-slowest, too few on this machine.
     */
    private static final double DEFAULT_SECONDS_PER_RATE = 2.5;
    /** A closed-loop run before each sweep, unrecorded: the JIT compiles the request path first. */
    private static final double WARM_UP_SECONDS = 1.5;
    /**
     * Then an open-loop run at the contestant's warm-up rate, unrecorded: a closed loop never lets a
     * server go idle between requests, so the JVM's paths for parking and waking (the virtual-thread
     * poller, the carrier pool's idling) were still being compiled, on the server's one core, during
     * the first recorded rate (about 120 compilations in the first 250/s run, 18 in the next). At
     * 2,000/s rather than the light rate itself: see {@link Contestants#WARM_UP_RATE}.
     */
    private static final double OPEN_WARM_UP_SECONDS = 1.5;

    private CompareMain() {
    }

    public static void main(String[] args) {
        System.exit(exitStatus("compare", args, CompareMain::run));
    }

    /** A bench command's body, giving its exit status. */
    interface Command {
        int run(String[] args) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code command}: a {@link UsageException} exits 2, a failed run 1, each with one line
     * on standard error prefixed by {@code tool}.
     */
    static int exitStatus(String tool, String[] args, Command command) {
        try {
            return command.run(args);
        } catch (UsageException e) {
            System.err.println(tool + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println(tool + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println(tool + ": interrupted");
            return 1;
        }
    }

    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length == 3 && args[0].equals("--chart")) {
            CompareChart.write(Path.of(args[2]), CompareReport.readJson(Path.of(args[1])));
            return 0;
        }
        if (args.length < 3 || args.length > 4) {
            throw new UsageException("usage: CompareMain RESULTS_DIR NATIVE_DIR SERVE_JAR [SECONDS_PER_RATE]");
        }
        Path results = Path.of(args[0]);
        Path nload = executable(Path.of(args[1], "nload"));
        Path nserve = executable(Path.of(args[1], "nserve"));
        Path jar = Path.of(args[2]);
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("no serve jar at " + jar + " (make build makes it)");
        }
        double seconds = args.length == 4 ? PointLengths.secondsPerRate(args[3]) : DEFAULT_SECONDS_PER_RATE;
        Files.createDirectories(results);
        Path root = Files.createTempDirectory("compare-root");
        Path file = Files.write(root.resolve(FILE), randomBytes(FILE_BYTES));
        Path bulk = Files.write(root.resolve(BULK_FILE), randomBytes(BULK_BYTES));
        Path log = Files.createTempFile("compare-server", ".log");
        try {
            return measure(results, nload, nserve, jar, seconds, root, log);
        } finally {
            Files.delete(file);
            Files.delete(bulk);
            Files.delete(root);
            System.out.println("compare: the servers' error output is in " + log);
        }
    }

    private static int measure(Path results, Path nload, Path nserve, Path jar, double seconds, Path root, Path log)
            throws IOException, InterruptedException {
        Pinning pinning = Pinning.detect();
        List<Contestant> contestants = Contestants.all(jar, nserve, root);
        String loadBefore = Pinning.loadAverage();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String serveStart = Contestants.aotCache(jar).map(c -> "serve's JVMs start with the AOT cache make aot trained (-XX:AOTCache="
                + c.getFileName() + ")").orElse("serve's JVMs start without an AOT cache (make aot trains one)");
        System.out.println("compare: " + serveStart);
        PointLengths lengths = PointLengths.of(seconds);
        System.out.println("compare: " + contestants.size() + " servers, "
                + contestants.stream().mapToInt(c -> c.loads().size()).sum() + " sweeps and "
                + contestants.stream().filter(Contestant::bulk).count() + " large-file runs, " + seconds
                + " s per rate (" + lengths.lightSeconds() + " s at " + LIGHT_RATE + "/s for the targets' two servers); "
                + pinning.description() + "; writes " + results.resolve("compare.{json,md,png}"));
        LoadClient client = new LoadClient(nload, pinning.client());
        Map<RunOrder.Step, Sweep> sweepsTaken = new HashMap<>();
        Map<RunOrder.Step, BulkRun> bulkTaken = new HashMap<>();
        for (RunOrder.Step step : RunOrder.of(contestants)) {
            Contestant contestant = step.contestant();
            if (step.load().isPresent()) {
                sweepsTaken.put(step, sweep(contestant, step.load().get(), pinning, client, lengths, log));
            } else {
                bulkTaken.put(step, bulk(contestant, pinning, client, log));
            }
        }
        CommonRate.fill(sweepsTaken, (contestant, load, rate) -> onePoint(contestant, load, rate, pinning, client, lengths, log));
        List<Sweep> sweeps = new ArrayList<>(); // reported in the contestants' order, whatever order measured them
        List<BulkRun> bulk = new ArrayList<>();
        for (Contestant contestant : contestants) {
            for (RunOrder.Step step : RunOrder.steps(contestant)) {
                if (step.load().isPresent()) {
                    sweeps.add(sweepsTaken.get(step));
                } else {
                    bulk.add(bulkTaken.get(step));
                }
            }
        }
        CompareRun run = new CompareRun(started.toString(), new CompareRun.Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"), loadBefore, Pinning.loadAverage()), pinning.description(), serveStart,
                FILE + " (" + FILE_BYTES + " bytes)", seconds, lengths.lightSeconds(), LIGHT_RATE, sweeps,
                BULK_FILE + " (" + BULK_BYTES + " bytes), 1 client, kept connection, closed loop, " + BULK_SECONDS + " s", bulk);
        CompareReport.writeJson(results.resolve("compare.json"), run);
        CompareReport.writeMarkdown(results.resolve("compare.md"), run, COMMAND);
        CompareChart.write(results.resolve("compare.png"), run);
        System.out.print(Files.readString(results.resolve("compare.md")));
        return sweeps.stream().allMatch(s -> s.points().isEmpty()) ? 1 : 0;
    }

    /**
     * One server, one load: rates from light up, until two in a row are past saturation. For the
     * two servers of issue 14's targets, where the p99 first leaves the bound the sweep measures
     * {@link RateBisection#STEPS} rates between, before it goes on.
     */
    private static Sweep sweep(Contestant contestant, Contestant.Load load, Pinning pinning, LoadClient client,
                               PointLengths lengths, Path log) throws InterruptedException {
        List<Point> points = new ArrayList<>();
        String connection = load.connection();
        try (ServerProcess server = ServerProcess.start(pinned(pinning, contestant), log)) {
            warmUp(server, client, contestant, load);
            boolean pair = Targets.pair(contestant.name());
            Double closedLoop = pair ? closedLoop(server, client, contestant, load, lengths) : null;
            RateBisection.Probe probe = rate -> point(server, client, contestant, load, rate, lengths.at(contestant, rate));
            boolean bisect = pair;
            Point previous = null;
            int pastInARow = 0;
            for (double rate : contestant.rates()) {
                Point point = probe.at(rate);
                points.add(point);
                if (bisect && previous != null && previous.sustained() && !point.sustained() && server.alive()) {
                    points.addAll(RateBisection.between(previous, point, RateBisection.STEPS, probe));
                    bisect = false; // where the bound was first left: the highest rate within it is read there
                }
                previous = point;
                pastInARow = point.pastSaturation() ? pastInARow + 1 : 0;
                if (pastInARow == 2 || !server.alive()) {
                    break; // two rates in a row: one alone may be another process's burst on a shared machine
                }
            }
            return new Sweep(contestant.name(), connection, load.clients(), points, server.alive() ? "" : "server died", closedLoop);
        } catch (IOException e) {
            System.out.println(contestant.name() + " " + connection + ": " + e.getMessage());
            return new Sweep(contestant.name(), connection, load.clients(), points, e.getMessage());
        }
    }

    private static void warmUp(ServerProcess server, LoadClient client, Contestant contestant, Contestant.Load load)
            throws IOException, InterruptedException {
        client.closed(server.port(), FILE, contestant, load, new LoadClient.Settings(WARM_UP_SECONDS, 0));
        client.run(server.port(), FILE, contestant, load, contestant.warmUpRate(), new LoadClient.Settings(OPEN_WARM_UP_SECONDS, 0));
    }

    /**
     * The CPU targets' common rate on a fresh server: the warm-up, the rate itself unrecorded, then
     * the point ({@link CommonRate} says why the middle run).
     */
    private static Point onePoint(Contestant contestant, Contestant.Load load, double rate, Pinning pinning, LoadClient client,
                                  PointLengths lengths, Path log) throws IOException, InterruptedException {
        try (ServerProcess server = ServerProcess.start(pinned(pinning, contestant), log)) {
            LoadClient.Settings settings = lengths.at(contestant, rate);
            warmUp(server, client, contestant, load);
            client.run(server.port(), FILE, contestant, load, rate, settings);
            return point(server, client, contestant, load, rate, settings);
        }
    }

    /** The targets' peaks: a closed loop of the sweep's clients for as long as a rate; the requests/s answered. */
    private static double closedLoop(ServerProcess server, LoadClient client, Contestant contestant, Contestant.Load load,
                                     PointLengths lengths) throws IOException, InterruptedException {
        double throughput = client.closed(server.port(), FILE, contestant, load,
                new LoadClient.Settings(lengths.secondsPerRate(), PointLengths.WARM_UP_SECONDS)).path("throughput").asDouble();
        System.out.printf("%-26s %-4s %2d closed loop -> %8.0f/s%n", contestant.name(), load.connection(), load.clients(), throughput);
        return throughput;
    }

    /** One rate: nload's open loop, and the server's CPU over it (forked mode's once its children are reaped). */
    private static Point point(ServerProcess server, LoadClient client, Contestant contestant, Contestant.Load load,
                               double rate, LoadClient.Settings settings) throws IOException, InterruptedException {
        double cpuBefore = CpuTime.seconds(server.pid());
        JsonNode summary = client.run(server.port(), FILE, contestant, load, rate, settings);
        CpuTime.awaitChildren(server.pid());
        Point point = Point.of(summary, rate, CpuTime.seconds(server.pid()) - cpuBefore);
        System.out.printf("%-26s %-4s %2d %8.0f/s -> %8.0f/s p50 %7.2f ms p99 %8.2f ms p99.9 %8.2f ms errors %d%n",
                contestant.name(), load.connection(), load.clients(), rate, point.throughput(), point.p50(), point.p99(),
                point.p999(), point.errors());
        return point;
    }

    /** The large file to one client, download after download on one connection, after a warm-up that hashes it. */
    private static BulkRun bulk(Contestant contestant, Pinning pinning, LoadClient client, Path log)
            throws InterruptedException {
        Contestant.Load one = new Contestant.Load("kept", 1);
        try (ServerProcess server = ServerProcess.start(pinned(pinning, contestant), log)) {
            client.closed(server.port(), BULK_FILE, contestant, one, new LoadClient.Settings(BULK_WARM_UP_SECONDS, 0));
            double cpuBefore = CpuTime.seconds(server.pid());
            JsonNode summary = client.closed(server.port(), BULK_FILE, contestant, one, new LoadClient.Settings(BULK_SECONDS, 0));
            BulkRun run = BulkRun.of(contestant.name(), BULK_BYTES, summary, CpuTime.seconds(server.pid()) - cpuBefore);
            System.out.printf("%-26s %s, 1 client: %8.1f MB/s, %.1f ms CPU per download, errors %d%n",
                    contestant.name(), BULK_FILE, run.megabytesPerSecond(), run.cpuMillisPerRequest(), run.errors());
            return run;
        } catch (IOException e) {
            System.out.println(contestant.name() + " " + BULK_FILE + ": " + e.getMessage());
            return BulkRun.failed(contestant.name(), BULK_BYTES, e.getMessage());
        }
    }

    private static List<String> pinned(Pinning pinning, Contestant contestant) {
        List<String> command = new ArrayList<>(pinning.server());
        command.addAll(contestant.command());
        return command;
    }

    private static Path executable(Path file) throws UsageException {
        if (!Files.isExecutable(file)) {
            throw new UsageException("no executable " + file + " (make -C bench/native builds it)");
        }
        return file;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(13).nextBytes(bytes);
        return bytes;
    }

    /** Bad arguments: the message is the whole report. */
    static final class UsageException extends IOException {
        UsageException(String message) {
            super(message);
        }
    }
}
