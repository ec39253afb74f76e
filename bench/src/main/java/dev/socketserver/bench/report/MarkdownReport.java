package dev.socketserver.bench.report;

import dev.socketserver.bench.FileSize;
import dev.socketserver.bench.ServerKind;
import java.util.List;
import java.util.Optional;

/** The report's Markdown: targets, then one table per benchmark. */
final class MarkdownReport {

    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static String render(String heading, List<FileRun> files, List<BenchResult> all, List<ScaleMemory> memory,
                         String chartFile) {
        MarkdownReport report = new MarkdownReport();
        report.line(heading).line("");
        report.line("![requests/s and MB/s by mode](" + chartFile + ")").line("");
        report.targets(Targets.check(files));
        report.files(files);
        report.latencies(all);
        report.loops(all);
        report.scale(all, memory);
        return report.out.toString();
    }

    private MarkdownReport line(String text) {
        out.append(text).append('\n');
        return this;
    }

    private void targets(List<Targets.Check> checks) {
        if (checks.isEmpty()) {
            return;
        }
        line("### Targets").line("");
        line("| target | case | ratio | verdict |").line("| --- | --- | ---: | --- |");
        for (Targets.Check check : checks) {
            line(String.format("| %s | %s | %.2f | %s |", check.target(), check.situation(), check.ratio(), check.verdict()));
        }
        line("");
    }

    private void files(List<FileRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        line("### File streaming (requests/s = JMH ops/s; MB/s = requests/s × file size)").line("");
        line("± is JMH's 99.9% confidence half-width (– when there were too few iterations for one); "
                + "iterations is the lowest–highest iteration score.").line("");
        line("| transport | connection | size | clients | mode | requests/s | ± | iterations | MB/s | vs bare | vs Netty |");
        line("| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (FileRun run : runs) {
            line(String.format("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |",
                    run.transport(), run.connection(), run.size().label(), run.clients(), run.mode().flag(),
                    number(run.requestsPerSecond()), number(run.error()), run.range(), number(run.megabytesPerSecond()),
                    ratio(runs, run, ServerKind.BARE), ratio(runs, run, ServerKind.NETTY)));
        }
        line("");
    }

    /** JMH {@code SampleTime} runs of the file benchmark: each request's time, closed loop. */
    private void latencies(List<BenchResult> all) {
        List<BenchResult> sampled = all.stream()
                .filter(r -> r.benchmark().equals(FileRun.BENCHMARK) && r.mode().equals(BenchResult.SAMPLE)).toList();
        if (sampled.isEmpty()) {
            return;
        }
        line("### File streaming latency (JMH SampleTime, ms per request)").line("");
        line("Closed loop: each client sends its next request when the last is answered, so a stalled server slows"
                + " the clients instead of queueing requests (coordinated omission); open-loop percentiles come from"
                + " `socketserver load --rate` or the native client.").line("");
        line("| transport | connection | size | clients | mode | p50 | p90 | p99 | p99.9 | max |");
        line("| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (BenchResult r : sampled) {
            line(String.format("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |", r.param("transport"),
                    r.param("connection"), FileSize.parse(r.param("size")).label(), r.threads(), r.param("mode"),
                    millis(r.percentile(50)), millis(r.percentile(90)), millis(r.percentile(99)),
                    millis(r.percentile(99.9)), millis(r.percentile(100))));
        }
        line("");
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : value >= 10 ? String.format("%,.1f", value) : String.format("%.3f", value);
    }

    private static String ratio(List<FileRun> runs, FileRun run, ServerKind peer) {
        Optional<FileRun> other = runs.stream().filter(r -> r.mode() == peer && r.sameCase(run)).findFirst();
        return other.map(o -> String.format("%.2f", run.requestsPerSecond() / o.requestsPerSecond())).orElse("");
    }

    private void loops(List<BenchResult> all) {
        List<BenchResult> loops = all.stream().filter(r -> r.benchmark().equals("StreamingLoopBenchmark")).toList();
        if (loops.isEmpty()) {
            return;
        }
        line("### The streaming loop alone (one connection, loopback TCP)").line("");
        line("| loop | size | files/s | ± | iterations | MB/s |").line("| --- | --- | ---: | ---: | ---: | ---: |");
        for (BenchResult r : loops) {
            FileSize size = FileSize.parse(r.param("size"));
            line(String.format("| %s | %s | %s | %s | %s | %s |", r.param("loop"), size.label(), number(r.score()),
                    number(r.error()), r.range(), number(r.score() * size.bytes() / 1e6)));
        }
        line("");
    }

    private void scale(List<BenchResult> all, List<ScaleMemory> memory) {
        List<BenchResult> scale = all.stream().filter(r -> r.benchmark().equals("ScaleBenchmark")).toList();
        if (scale.isEmpty()) {
            return;
        }
        line("### Connections held open (4 KiB requests taken in turn over all of them)").line("");
        line("| mode | connections | requests/s | ± | iterations | server RSS idle → loaded | RSS per connection "
                + "| live heap idle → loaded | live heap per connection | platform threads |");
        line("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |");
        for (BenchResult r : scale) {
            Optional<ScaleMemory> m = memory.stream()
                    .filter(s -> s.mode().equals(r.param("mode")) && s.connections() == Integer.parseInt(r.param("connections")))
                    .findFirst();
            line(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.param("mode"), r.param("connections"),
                    number(r.score()), number(r.error()), r.range(),
                    m.map(s -> mib(s.idle().rss()) + " → " + mib(s.loaded().rss())).orElse("not recorded"),
                    m.map(s -> kib(s.rssPerConnection())).orElse(""),
                    m.map(s -> mib(s.idle().heapLive()) + " → " + mib(s.loaded().heapLive())).orElse(""),
                    m.map(s -> kib(s.heapPerConnection())).orElse(""),
                    m.map(s -> Integer.toString(s.loaded().platformThreads())).orElse("")));
        }
        line("");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format("%,.0f", value) : String.format("%,.1f", value);
    }

    private static String mib(long bytes) {
        return String.format("%,.0f MiB", bytes / 1048576.0);
    }

    private static String kib(long bytes) {
        return String.format("%,.1f KiB", bytes / 1024.0);
    }
}
