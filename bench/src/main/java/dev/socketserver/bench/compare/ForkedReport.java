package dev.socketserver.bench.compare;

import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes the forked step's {@code forked-PROFILE.json} (Jackson) and its Markdown section. */
final class ForkedReport {

    private ForkedReport() {
    }

    static void writeJson(Path json, ForkedRun run) throws IOException {
        Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), run);
    }

    /** The report's section: the table, the two ratios against the targets, and each sweep. */
    static String markdown(ForkedRun run, double lightSeconds, String command) {
        StringBuilder out = new StringBuilder();
        out.append("## Forked mode: a child JVM per request, with and without the warm pool\n\n");
        out.append("`").append(command).append("`'s forked step, ").append(run.date())
                .append("; load average before ").append(run.loadBefore()).append(", after ").append(run.loadAfter())
                .append(". A 4 KiB file on a new connection per request, nload's open loop (at most 4 connections),")
                .append(" latency from when each request was due to the digest's last byte; ")
                .append(CompareReport.fmt(lightSeconds)).append(" s at ").append(CompareReport.fmt(ForkedMain.LIGHT_RATE))
                .append(" requests/s, then 5 s per rate from 4/s, doubling, until p99 passes 1 s; unpinned;")
                .append(" each server made its children's AOT cache during an unrecorded warm-up.\n\n");
        out.append("| server | p50 at 2/s (ms) | p99 at 2/s (ms) | requests | highest rate with p99 ≤ 1 s (req/s) |")
                .append(" children CPU per request (s) | `java -version`'s CPU around its light load (s) |\n")
                .append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (ForkedRun.Server server : run.servers()) {
            Double highest = server.highestRate();
            out.append("| `serve --mode forked --fork-pool ").append(server.pool()).append("` | ")
                    .append(CompareReport.fmt(server.light().p50())).append(" | ")
                    .append(CompareReport.fmt(server.light().p99())).append(" | ").append(server.light().requests())
                    .append(" | ").append(highest == null ? "none" : CompareReport.fmt(highest)).append(" | ")
                    .append(seconds(server.childCpuSeconds())).append(" | ").append(seconds(server.javaVersionCpuSeconds()))
                    .append(" |\n");
        }
        out.append("| `java -Xshare:auto -version` (median of ").append(run.javaVersionRuns().size())
                .append(" runs, just before and after each light load) | | | | | ").append(seconds(run.javaVersionCpuSeconds()))
                .append(" | |\n\n");
        Optional<ForkedRun.Server> pooled = run.server(2);
        Optional<ForkedRun.Server> cold = run.server(0);
        if (pooled.isPresent() && cold.isPresent()) {
            out.append("Pooled p50 = ").append(ratio(pooled.get().light().p50() / cold.get().light().p50()))
                    .append(" × the cold p50 (target ≤ 0.05 ×); CPU per pooled child = ")
                    .append(ratio(pooled.get().childCpuSeconds() / pooled.get().javaVersionCpuSeconds()))
                    .append(" × `java -version`'s around its light load (target ≤ 1.5 ×; ")
                    .append(ratio(pooled.get().childCpuSeconds() / run.javaVersionCpuSeconds()))
                    .append(" × the median of all runs); per cold child = ")
                    .append(ratio(cold.get().childCpuSeconds() / cold.get().javaVersionCpuSeconds())).append(" × (")
                    .append(ratio(cold.get().childCpuSeconds() / run.javaVersionCpuSeconds())).append(" ×).\n\n");
        }
        for (ForkedRun.Server server : run.servers()) {
            out.append("- `--fork-pool ").append(server.pool()).append("` by rate (p50 / p99 ms, answered/s): ")
                    .append(server.sweep().stream().map(p -> CompareReport.fmt(p.offeredRate()) + "/s: "
                            + CompareReport.fmt(p.p50()) + " / " + CompareReport.fmt(p.p99()) + ", "
                            + CompareReport.fmt(p.throughput()) + (p.errors() > 0 ? ", " + p.errors() + " errors" : ""))
                            .collect(Collectors.joining("; ")))
                    .append("\n");
        }
        return out.toString();
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "—";
    }
}
