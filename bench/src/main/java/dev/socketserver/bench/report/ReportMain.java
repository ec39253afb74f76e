package dev.socketserver.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Turns a JMH JSON result file (and the scale benchmark's {@code scale-memory-PROFILE.jsonl}) into
 * {@code report-PROFILE.md} and {@code chart-PROFILE.png} beside it.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.socketserver.bench.report.ReportMain JMH_JSON SCALE_JSONL OUTPUT_DIR PROFILE}.
 */
public final class ReportMain {

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ReportMain JMH_JSON SCALE_JSONL OUTPUT_DIR PROFILE");
            System.exit(2);
        }
        write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args[3]);
    }

    private static String command(String profile) {
        return switch (profile) {
            case "quick" -> "make bench";
            case "full" -> "make bench-full";
            default -> "java -cp bench/target/benchmarks.jar dev.socketserver.bench.BenchMain " + profile + " DIR";
        };
    }

    /** Writes the report of one run; returns the Markdown file. */
    public static Path write(Path jmhJson, Path scaleMemory, Path outputDir, String profile) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BenchResult> results = BenchResult.load(jmhJson);
        List<FileRun> files = FileRun.of(results);
        List<ScaleMemory> memory = ScaleMemory.load(scaleMemory);
        String when = ZonedDateTime.ofInstant(Files.getLastModifiedTime(jmhJson).toInstant(), ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getTotalMemorySize() / (1L << 30) + " GiB, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
                + Runtime.version();
        String chartName = "chart-" + profile + ".png";
        ChartWriter.write(outputDir.resolve(chartName), "socketserver benchmarks (" + profile + ", " + when + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)", files, results, memory);
        String heading = "## Benchmark report: `" + profile + "` profile, " + when + "\n\nMachine: " + machine
                + ". Command: `" + command(profile) + "`. Raw JMH JSON: `"
                + jmhJson.getFileName() + "`.";
        Path markdown = outputDir.resolve("report-" + profile + ".md");
        Files.writeString(markdown, MarkdownReport.render(heading, files, results, memory, chartName));
        System.out.println("report: " + markdown + ", chart: " + outputDir.resolve(chartName));
        return markdown;
    }
}
