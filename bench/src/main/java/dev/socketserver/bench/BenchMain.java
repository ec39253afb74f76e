package dev.socketserver.bench;

import dev.socketserver.bench.report.ReportMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a {@link BenchProfile}: JMH once per {@link BenchRun} (the client count is JMH's thread
 * count, which cannot be a {@code @Param}), all results into one JMH JSON file, then the report.
 *
 * <p>Usage: {@code java --sun-misc-unsafe-memory-access=allow -cp benchmarks.jar
 * dev.socketserver.bench.BenchMain quick|full|smoke OUTPUT_DIR}. Writes {@code OUTPUT_DIR/jmh-PROFILE.json},
 * {@code OUTPUT_DIR/scale-memory-PROFILE.jsonl} and the report ({@link ReportMain}).
 */
public final class BenchMain {

    /** The flags every benchmark JVM needs: JMH's Unsafe use, forked mode's fd access, junixsocket's JNI. */
    static final List<String> JVM_FLAGS = List.of(
            "--sun-misc-unsafe-memory-access=allow",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length != 2) {
            System.err.println("usage: BenchMain quick|full|smoke OUTPUT_DIR");
            System.exit(2);
        }
        BenchProfile profile = BenchProfile.named(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out);
        // The run appends to a new file; the committed one is replaced only when the run has finished.
        Path scaleMemory = out.resolve("scale-memory-" + profile.name() + ".jsonl");
        long started = System.nanoTime();
        List<RunResult> results = ReplacedAtEnd.write(scaleMemory, scaleMemoryRun -> {
            List<RunResult> all = new ArrayList<>();
            for (BenchRun run : profile.runs()) {
                all.addAll(run(profile, run, scaleMemoryRun));
            }
            return all;
        });
        Path json = out.resolve("jmh-" + profile.name() + ".json");
        try (PrintStream stream = new PrintStream(Files.newOutputStream(json), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, stream).writeOut(results);
        }
        long minutes = (System.nanoTime() - started) / 60_000_000_000L;
        System.out.printf("%d results in %d min -> %s%n", results.size(), minutes, json);
        ReportMain.write(json, scaleMemory, out, profile.name());
    }

    private static Collection<RunResult> run(BenchProfile profile, BenchRun run, Path scaleMemory)
            throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(JVM_FLAGS);
        jvmArgs.add("-D" + ScaleBenchmark.MEMORY_FILE_PROPERTY + "=" + scaleMemory);
        jvmArgs.add("-Dtinylog.writer.level=warn");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(run.include())
                .threads(run.threads())
                .forks(profile.forks())
                .warmupIterations(profile.warmupIterations())
                .warmupTime(TimeValue.seconds(profile.warmupSeconds()))
                .measurementIterations(profile.iterations())
                .measurementTime(TimeValue.seconds(profile.iterationSeconds()))
                .timeout(TimeValue.minutes(2))
                .shouldFailOnError(true) // a benchmark that fails must fail `make bench`, not drop out of the report
                .jvmArgsAppend(jvmArgs.toArray(String[]::new));
        if (run.sampleTime()) {
            // One measured iteration is enough samples for percentiles: what keeps this cheap
            options.mode(Mode.SampleTime).timeUnit(TimeUnit.MILLISECONDS)
                    .warmupIterations(Math.min(1, profile.warmupIterations())).measurementIterations(1);
        }
        for (Map.Entry<String, List<String>> param : run.params().entrySet()) {
            options.param(param.getKey(), param.getValue().toArray(String[]::new));
        }
        return new Runner(options.build()).run();
    }
}
