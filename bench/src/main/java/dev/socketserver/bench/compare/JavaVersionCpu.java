package dev.socketserver.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 12's yardstick, the CPU of {@code java -Xshare:auto -version}, one figure per run from the
 * native {@code cputime} (wait4's microseconds: {@code /proc}'s cutime counts 10 ms ticks, a third
 * of a run). The forked step takes runs just before and just after each server's light load, and
 * compares each server's children with the runs around its own light load: this machine's speed
 * drifts, {@code java -version} read 31 ms and 41 ms a minute apart, and 35.5 ms around one server's
 * light load against 32.8 ms around the other's, two minutes later (docs/forked.md).
 */
final class JavaVersionCpu {

    private final Path cputime;
    private final String java;
    private final List<Double> runs = new ArrayList<>();

    /** @throws CompareMain.UsageException when {@code nativeDir} has no {@code cputime} */
    JavaVersionCpu(Path nativeDir, String java) throws CompareMain.UsageException {
        this.cputime = nativeDir.resolve("cputime");
        if (!Files.isExecutable(cputime)) {
            throw new CompareMain.UsageException("no executable " + cputime + " (make -C bench/native builds it)");
        }
        this.java = java;
    }

    /**
     * Runs {@code java -Xshare:auto -version} {@code count} times, one after another, and keeps each run's CPU.
     *
     * @return these runs' CPU in seconds
     */
    List<Double> measure(int count) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cputime.toString(), Integer.toString(count), java, "-Xshare:auto", "-version")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (process.waitFor() != 0) {
            throw new IOException(cputime + " " + count + " " + java + " -Xshare:auto -version exited " + process.exitValue());
        }
        List<String> lines = out.lines().toList();
        if (lines.size() != count) {
            throw new IOException(cputime + " printed " + lines.size() + " figures for " + count + " runs: " + out);
        }
        List<Double> taken = lines.stream().map(Double::parseDouble).toList();
        runs.addAll(taken);
        return taken;
    }

    /** Every run's CPU in seconds, in the order run. */
    List<Double> runs() {
        return List.copyOf(runs);
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN for none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
