package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

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
                .append(", ").append(fmt(run.secondsPerRate())).append(" s per rate after a warm-up; ")
                .append(run.machine().cores()).append(" cores, kernel ").append(run.machine().kernel())
                .append(", load average before ").append(run.machine().loadBefore()).append(", after ")
                .append(run.machine().loadAfter()).append(". ").append(run.pinning()).append("\n\n");
        out.append("| server | connection | highest rate with p99 ≤ 10 ms (req/s) | p50 / p99 at ")
                .append(fmt(run.lightRate())).append(" req/s (ms) | server CPU per request (µs) | peak throughput (req/s) |\n");
        out.append("|---|---|--:|--:|--:|--:|\n");
        for (Sweep sweep : run.sweeps()) {
            Optional<Point> light = sweep.at(run.lightRate());
            String lightCell = light.map(p -> fmt(p.p50()) + " / " + fmt(p.p99()))
                    .orElseGet(() -> sweep.points().isEmpty() ? "—"
                            : "— (at " + fmt(sweep.points().getFirst().offeredRate()) + "/s: "
                            + fmt(sweep.points().getFirst().p50()) + " / " + fmt(sweep.points().getFirst().p99()) + ")");
            Double highest = sweep.highestSustainedRate();
            Double cpu = sweep.cpuMicrosPerRequest();
            out.append("| ").append(sweep.server()).append(" | ").append(sweep.connection()).append(" | ")
                    .append(highest == null ? "none" : fmt(highest)).append(" | ").append(lightCell).append(" | ")
                    .append(cpu == null ? "—" : fmt(cpu) + (highest == null ? " (at " + fmt(sweep.cpuRate()) + "/s)" : ""))
                    .append(" | ").append(fmt(sweep.peakThroughput()))
                    .append(sweep.failure().isEmpty() ? "" : " (" + sweep.failure() + ")").append(" |\n");
        }
        out.append("\nA rate counts when p99 ≤ 10 ms, no request failed and at least 90% of the offered rate was answered;"
                + " each sweep goes on past p99 > 10 ms and stops when two rates in a row are past saturation (a failed request, or less than 90% answered). CPU per request: the server process's utime+stime"
                + " (plus its reaped children's, for forked mode) over the run, warm-up included, over every request"
                + " answered in it, at the highest rate within the bound (else, as marked, at the highest rate it still answered). Each server is warmed up first by 2 s of closed-loop load, not recorded.\n");
        Files.writeString(md, out);
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
