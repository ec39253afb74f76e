package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jetbrains.annotations.Nullable;

/** Writes {@code compare.json} (Jackson) and {@code compare.md} (the table). */
final class CompareReport {

    private CompareReport() {
    }

    static void writeJson(Path json, CompareRun run) throws IOException {
        Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), run);
    }

    /** A run written by {@link #writeJson} (its derived fields, such as the highest rate, are recomputed). */
    static CompareRun readJson(Path json) throws IOException {
        try {
            return Jsons.MAPPER.readerFor(CompareRun.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json.toFile());
        } catch (DatabindException e) {
            throw new IOException(json + ": not a compare.json: " + e.getOriginalMessage(), e);
        }
    }

    static void writeMarkdown(Path md, CompareRun run, String command) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Latency under load: `").append(command).append("`, ").append(run.date()).append("\n\n");
        out.append("Open loop (nload, latency counted from when each request was due), ").append(run.file())
                .append(", ").append(fmt(run.secondsPerRate())).append(" s per rate after a warm-up")
                .append(run.lightSeconds() > 0 ? " (" + fmt(run.lightSeconds()) + " s at the light rate, " + fmt(run.lightRate())
                        + " req/s, for `" + Targets.SERVE + "` and `" + Targets.PEER + "`: its p99 target)" : "").append("; ")
                .append(run.machine().cores()).append(" cores, kernel ").append(run.machine().kernel())
                .append(", load average before ").append(run.machine().loadBefore()).append(", after ")
                .append(run.machine().loadAfter()).append(". ").append(run.pinning()).append("; ")
                .append(run.serveStart()).append("\n\n");
        targets(out, run, command);
        sweeps(out, run);
        bulk(out, run);
        Files.writeString(md, out);
    }

    private static void targets(StringBuilder out, CompareRun run, String command) {
        out.append("## Issue 14's targets: `").append(Targets.SERVE).append("` / `").append(Targets.PEER)
                .append("`, this run (`").append(command).append("`)\n\n");
        out.append("| target | serve | native | ratio | bound | met |\n|---|--:|--:|--:|--:|---|\n");
        for (Targets.Target target : run.targets()) {
            out.append("| ").append(target.target()).append(" | ").append(cell(target.serve())).append(" | ")
                    .append(cell(target.peer())).append(" | ")
                    .append(target.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f×", target.ratio()))
                    .append(" | ").append(target.bound()).append(" | ")
                    .append(target.met() == null ? "not measured" : target.met() ? "yes" : "**no**").append(" |\n");
        }
        out.append("\nCPU per request is compared at the highest rate both servers held within the bound (named in the"
                + " row; CPU per request falls as the rate rises), else each at its own. The lower of the two servers' highest"
                + " rates within the bound is measured again, after the sweeps, on a fresh server of whichever did not measure it.\n\n");
    }

    private static void sweeps(StringBuilder out, CompareRun run) {
        out.append("## Every server, 4 KiB\n\n");
        out.append("| server | connection | clients | highest rate with p99 ≤ 10 ms (req/s) | p50 / p99 / p99.9 at ")
                .append(fmt(run.lightRate())).append(" req/s (ms) | worst p99.9 within the bound (ms) |"
                        + " server CPU per request (µs) | peak throughput (req/s) |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (Sweep sweep : run.sweeps()) {
            Optional<Point> light = sweep.at(run.lightRate());
            String lightCell = light.map(CompareReport::latencies)
                    .orElseGet(() -> sweep.points().isEmpty() ? "—"
                            : "— (at " + fmt(sweep.points().getFirst().offeredRate()) + "/s: "
                            + latencies(sweep.points().getFirst()) + ")");
            Double highest = sweep.highestSustainedRate();
            Double cpu = sweep.cpuMicrosPerRequest();
            out.append("| ").append(sweep.server()).append(" | ").append(sweep.connection()).append(" | ")
                    .append(sweep.clients()).append(" | ")
                    .append(highest == null ? "none" : fmt(highest)).append(" | ").append(lightCell).append(" | ")
                    .append(cell(sweep.worstP999())).append(highest == null && sweep.worstP999() != null ? " (answered rates)" : "")
                    .append(" | ")
                    .append(cpu == null ? "—" : fmt(cpu) + (highest == null ? " (at " + fmt(sweep.cpuRate()) + "/s)" : ""))
                    .append(" | ").append(fmt(sweep.peakThroughput()))
                    .append(sweep.failure().isEmpty() ? "" : " (" + sweep.failure() + ")").append(" |\n");
        }
        out.append("\nA rate counts when p99 ≤ 10 ms, no request failed and at least 90% of the offered rate was answered;"
                + " each sweep goes on past p99 > 10 ms and stops when two rates in a row are past saturation (a failed request, or less than 90% answered). The sweeps double the rate; for `" + Targets.SERVE + "` and `" + Targets.PEER + "`, where p99 first left the bound, " + RateBisection.STEPS + " more rates were measured between (the geometric middle, then the middle of the half where the bound was left), so their highest rates within the bound are read to a quarter of a doubling (×1.19). CPU per request: the server process's utime+stime"
                + " (plus its reaped children's, for forked mode) over the run, warm-up included, over every request"
                + " answered in it, at the highest rate within the bound (else, as marked, at the highest rate it still answered). Each server is warmed up first by 1.5 s of closed-loop load, then 1.5 s of open-loop load at 2,000/s (forked mode: at its sweep's first rate), neither recorded."
                + " Peak throughput: the most any rate got answered; for `" + Targets.SERVE + "` and `" + Targets.PEER
                + "`, or a closed loop of the same clients after the warm-up (as long as a rate, after 0.5 s) when it got more.\n\n");
    }

    private static void bulk(StringBuilder out, CompareRun run) {
        if (run.bulk().isEmpty()) {
            return;
        }
        out.append("## The large file: ").append(run.bulkFile()).append("\n\n");
        out.append("| server | MB/s | server CPU per download (ms) | downloads | errors |\n|---|--:|--:|--:|--:|\n");
        for (BulkRun bulk : run.bulk()) {
            out.append("| ").append(bulk.server()).append(" | ")
                    .append(bulk.failure().isEmpty() ? fmt(bulk.megabytesPerSecond()) : "— (" + bulk.failure() + ")")
                    .append(" | ").append(fmt(bulk.cpuMillisPerRequest())).append(" | ").append(bulk.requests())
                    .append(" | ").append(bulk.errors()).append(" |\n");
        }
        out.append("\nAfter 1 s of the same load, unrecorded (the first download hashes the file). MB = 10⁶ bytes;"
                + " CPU per download over the measured run and every download answered in it.\n");
    }

    private static String latencies(Point point) {
        return fmt(point.p50()) + " / " + fmt(point.p99()) + " / " + fmt(point.p999());
    }

    private static String cell(@Nullable Double value) {
        return value == null ? "—" : fmt(value);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
