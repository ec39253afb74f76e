package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
    /** Light enough for every server but forked mode, which forks a JVM per connection. */
    static final double LIGHT_RATE = 250;
    private static final String COMMAND = "make compare";
    /** A closed-loop run before each sweep, unrecorded: the JIT compiles the request path first. */
    private static final double WARM_UP_SECONDS = 2;

    private CompareMain() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args);
        } catch (UsageException e) {
            System.err.println("compare: " + e.getMessage());
            exit = 2;
        } catch (IOException e) {
            System.err.println("compare: " + e.getMessage());
            exit = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("compare: interrupted");
            exit = 1;
        }
        System.exit(exit);
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
        double seconds = args.length == 4 ? positive(args[3]) : 3;
        Files.createDirectories(results);
        Path root = Files.createTempDirectory("compare-root");
        Path file = Files.write(root.resolve(FILE), randomBytes(FILE_BYTES));
        Path log = Files.createTempFile("compare-server", ".log");
        try {
            return measure(results, nload, nserve, jar, seconds, root, log);
        } finally {
            Files.delete(file);
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
        System.out.println("compare: " + contestants.size() + " servers x kept/new connections, "
                + seconds + " s per rate; " + pinning.description() + "; writes " + results.resolve("compare.{json,md,png}"));
        LoadClient client = new LoadClient(nload, pinning.client());
        LoadClient.Settings settings = new LoadClient.Settings(seconds, 0.5);
        List<Sweep> sweeps = new ArrayList<>();
        for (Contestant contestant : contestants) {
            for (String connection : List.of("kept", "new")) {
                sweeps.add(sweep(contestant, connection, pinning, client, settings, log));
            }
        }
        CompareRun run = new CompareRun(started.toString(), new CompareRun.Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"), loadBefore, Pinning.loadAverage()), pinning.description(),
                FILE + " (" + FILE_BYTES + " bytes)", seconds, LIGHT_RATE, sweeps);
        CompareReport.writeJson(results.resolve("compare.json"), run);
        CompareReport.writeMarkdown(results.resolve("compare.md"), run, COMMAND);
        CompareChart.write(results.resolve("compare.png"), run);
        System.out.print(Files.readString(results.resolve("compare.md")));
        return sweeps.stream().allMatch(s -> s.points().isEmpty()) ? 1 : 0;
    }

    /** One server, one connection kind: rates from light up, stopping at the first that misses the bound. */
    private static Sweep sweep(Contestant contestant, String connection, Pinning pinning, LoadClient client,
                               LoadClient.Settings settings, Path log) throws InterruptedException {
        List<Point> points = new ArrayList<>();
        List<String> command = new ArrayList<>(pinning.server());
        command.addAll(contestant.command());
        try (ServerProcess server = ServerProcess.start(command, log)) {
            client.warmUp(server.port(), FILE, contestant, connection, WARM_UP_SECONDS);
            int pastInARow = 0;
            for (double rate : contestant.rates()) {
                double cpuBefore = CpuTime.seconds(server.pid());
                JsonNode summary = client.run(server.port(), FILE, contestant, connection, rate, settings);
                awaitChildren(server.pid());
                Point point = Point.of(summary, rate, CpuTime.seconds(server.pid()) - cpuBefore);
                points.add(point);
                System.out.printf("%-26s %-4s %8.0f/s -> %8.0f/s p50 %7.2f ms p99 %8.2f ms errors %d%n",
                        contestant.name(), connection, rate, point.throughput(), point.p50(), point.p99(), point.errors());
                pastInARow = point.pastSaturation() ? pastInARow + 1 : 0;
                if (pastInARow == 2 || !server.alive()) {
                    break; // two rates in a row: one alone may be another process's burst on a shared machine
                }
            }
            return new Sweep(contestant.name(), connection, points, server.alive() ? "" : "server died");
        } catch (IOException e) {
            System.out.println(contestant.name() + " " + connection + ": " + e.getMessage());
            return new Sweep(contestant.name(), connection, points, e.getMessage());
        }
    }

    /** Forked mode: its children exit when the client's connections close; only reaped children's CPU counts. */
    private static void awaitChildren(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (CpuTime.hasChildren(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static Path executable(Path file) throws UsageException {
        if (!Files.isExecutable(file)) {
            throw new UsageException("no executable " + file + " (make -C bench/native builds it)");
        }
        return file;
    }

    private static double positive(String text) throws UsageException {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value <= 600) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the one-line message
        }
        throw new UsageException("seconds per rate must be a number in (0, 600], got '" + text + "'");
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
