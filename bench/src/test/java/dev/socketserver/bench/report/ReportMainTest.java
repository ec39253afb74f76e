package dev.socketserver.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a JMH JSON file shaped like the real one (values made up for the test). */
class ReportMainTest {

    @TempDir
    Path dir;

    private static String file(String mode, String size, int clients, double score) {
        return """
                {"benchmark": "dev.socketserver.bench.FileStreamingBenchmark.download", "mode": "thrpt",
                 "threads": %d, "forks": 1,
                 "params": {"connection": "new", "mode": "%s", "size": "%s", "transport": "tcp"},
                 "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "ops/s", "rawData": [[%s, %s]]}}
                """.formatted(clients, mode, size, score, score * 0.9, score * 1.1);
    }

    /** A SampleTime result as JMH writes it: the mean as the score, the percentiles beside it, in {@code unit}. */
    private static String sample(String mode, String connection, String unit) {
        return """
                {"benchmark": "dev.socketserver.bench.FileStreamingBenchmark.download", "mode": "sample",
                 "threads": 16, "forks": 1,
                 "params": {"connection": "%s", "mode": "%s", "size": "4KiB", "transport": "tcp"},
                 "primaryMetric": {"score": 0.61, "scoreError": 0.02, "scoreUnit": "%s",
                   "scorePercentiles": {"0.0": 0.05, "50.0": 0.4, "90.0": 0.85, "95.0": 1.0, "99.0": 2.5,
                     "99.9": 12.25, "99.99": 20.0, "99.999": 20.0, "99.9999": 20.0, "100.0": 20.5},
                   "rawDataHistogram": [[[[0.4, 10], [0.85, 2]]]]}}
                """.formatted(connection, mode, unit);
    }

    private Path jmhJson(List<String> runs) throws IOException {
        List<String> all = new ArrayList<>(runs);
        all.add("""
                {"benchmark": "dev.socketserver.bench.StreamingLoopBenchmark.send", "mode": "thrpt", "threads": 1,
                 "params": {"loop": "transferTo", "size": "1MiB"},
                 "primaryMetric": {"score": 1000.0, "scoreError": 12.5, "scoreUnit": "ops/s"}}
                """);
        all.add("""
                {"benchmark": "dev.socketserver.bench.ScaleBenchmark.download", "mode": "thrpt", "threads": 16,
                 "params": {"connections": "10000", "mode": "virtual"},
                 "primaryMetric": {"score": 5000.0, "scoreError": 100.0, "scoreUnit": "ops/s"}}
                """);
        return Files.writeString(dir.resolve("jmh-test.json"), "[" + String.join(",", all) + "]");
    }

    @Test
    void writesTargetsTablesAndAReadableChart() throws IOException {
        Path json = jmhJson(List.of(
                file("virtual", "4KiB", 16, 950), file("bare", "4KiB", 16, 1000), file("netty", "4KiB", 16, 1200),
                file("forked", "4KiB", 16, 10), file("virtual", "100MiB", 1, 8), file("bare", "100MiB", 1, 10),
                sample("virtual", "kept", "ms/op")));
        Path memory = Files.writeString(dir.resolve("scale.jsonl"), """
                {"mode":"virtual","connections":10000,"idle":{"heapUsed":1,"heapLive":1048576,"rss":104857600,"platformThreads":20},\
                "loaded":{"heapUsed":2,"heapLive":11534336,"rss":209715200,"platformThreads":22}}
                """);

        String report = Files.readString(ReportMain.write(json, memory, dir, "test"));

        assertTrue(report.contains("| virtual ≥ 0.9 × bare (4 KiB, 16+ clients) | tcp, connection per request, 4KiB, 16 clients | 0.95 | met |"), report);
        assertTrue(report.contains("| virtual ≥ Netty (4 KiB, 16+ clients) | tcp, connection per request, 4KiB, 16 clients | 0.79 | **missed** |"), report);
        assertTrue(report.contains("| virtual ≥ 0.9 × bare (100 MiB) | tcp, connection per request, 100MiB, 1 client | 0.80 | **missed** |"), report);
        assertTrue(report.contains("forked 100.0 ms, virtual 1.1 ms"), report);
        assertTrue(report.contains("| tcp | new | 100MiB | 1 | virtual | 8.0 | – | 7.2–8.8 | 839 | 0.80 |  |"), report);
        assertTrue(report.contains("| tcp | kept | 4KiB | 16 | virtual | 0.400 | 0.850 | 2.500 | 12.3 | 20.5 |"), report);
        assertEquals(1, report.lines().filter(l -> l.startsWith("| tcp | kept |")).count(),
                "a sampled case is in the latency table only, not among the requests/s:\n" + report);
        assertTrue(report.contains("| transferTo | 1MiB | 1,000 | 12.5 |  | 1,049 |"), report);
        assertTrue(report.contains("| virtual | 10000 | 5,000 | 100 |  | 100 MiB → 200 MiB | 10.2 KiB | 1 MiB → 11 MiB | 1.0 KiB | 22 |"), report);
        BufferedImage chart = ImageIO.read(dir.resolve("chart-test.png").toFile());
        assertNotNull(chart);
        assertEquals(1920, chart.getWidth());
    }

    @Test
    void aSampleInAnotherUnitIsAnError() throws IOException {
        Path json = jmhJson(List.of(sample("virtual", "new", "us/op")));
        IOException e = assertThrows(IOException.class, () -> ReportMain.write(json, dir.resolve("none.jsonl"), dir, "x"));
        assertTrue(e.getMessage().contains("sampled in us/op, not ms/op"), e.getMessage());
    }

    @Test
    void aFileThatIsNotJmhJsonIsAnError() throws IOException {
        Path notJmh = Files.writeString(dir.resolve("x.json"), "{\"a\": 1}");
        IOException e = assertThrows(IOException.class,
                () -> ReportMain.write(notJmh, dir.resolve("none.jsonl"), dir, "x"));
        assertTrue(e.getMessage().contains("not a JMH JSON result array"), e.getMessage());
    }

    @Test
    void brokenJsonNamesTheFile() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"benchmark\": ");
        IOException e = assertThrows(IOException.class, () -> BenchResult.load(broken));
        assertTrue(e.getMessage().startsWith(broken + ": not JSON: "), e.getMessage());
    }

    @Test
    void aResultWithoutItsFieldsIsAnError() throws IOException {
        Path partial = Files.writeString(dir.resolve("partial.json"), "[{\"benchmark\": \"a.B.c\"}]");
        IOException e = assertThrows(IOException.class, () -> BenchResult.load(partial));
        assertEquals(partial + ": a result has no 'primaryMetric'", e.getMessage());
    }

    @Test
    void aBadScaleMemoryLineIsAnError() throws IOException {
        Path lines = Files.writeString(dir.resolve("scale.jsonl"), "{\"mode\": \"virtual\", \"connections\": 10}\n");
        IOException e = assertThrows(IOException.class, () -> ScaleMemory.load(lines));
        assertTrue(e.getMessage().startsWith(lines + ": not a scale memory line"), e.getMessage());
        Path notJson = Files.writeString(dir.resolve("bad.jsonl"), "{mode}\n");
        e = assertThrows(IOException.class, () -> ScaleMemory.load(notJson));
        assertTrue(e.getMessage().startsWith(notJson + ": not a JSON line: "), e.getMessage());
    }
}
