package dev.socketserver.bench.report;

import dev.socketserver.bench.FileSize;
import dev.socketserver.bench.ServerKind;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jetbrains.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The report's chart: four panels in one PNG — 4 KiB requests/s by mode, MB/s for the large
 * files, the streaming loops, and the memory of 10,000 open connections.
 */
final class ChartWriter {

    private static final int PANEL_WIDTH = 960;
    private static final int PANEL_HEIGHT = 600;

    private ChartWriter() {
    }

    static void write(Path png, String title, List<FileRun> files, List<BenchResult> all, List<ScaleMemory> memory)
            throws IOException {
        List<CategoryChart> panels = new ArrayList<>();
        List<FileRun> small = files.stream().filter(r -> r.size() == FileSize.KIB_4).toList();
        if (!small.isEmpty()) {
            CategoryChart chart = panel("4 KiB file: requests/s (log scale)", "transport / connection / clients", "requests/s");
            modeSeries(chart, small, r -> r.transport() + "/" + r.connection() + "/" + r.clients(), FileRun::requestsPerSecond);
            // Bars start at the axis minimum: on a log axis it must be a positive decade below the data.
            double lowest = small.stream().mapToDouble(FileRun::requestsPerSecond).min().orElse(1);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
            panels.add(chart);
        }
        List<FileRun> large = files.stream().filter(r -> r.size() != FileSize.KIB_4 && r.transport().equals("tcp")).toList();
        if (!large.isEmpty()) {
            CategoryChart chart = panel("Large files over TCP: MB/s", "size / clients", "MB/s");
            modeSeries(chart, large, r -> r.size().label() + " / " + r.clients(), FileRun::megabytesPerSecond);
            panels.add(chart);
        }
        loops(all).ifPresent(panels::add);
        scale(all, memory).ifPresent(panels::add);
        if (panels.isEmpty()) {
            throw new IOException("nothing to chart: the results hold no benchmark the report knows");
        }
        ImageIO.write(stitch(title, panels), "png", png.toFile());
    }

    private static CategoryChart panel(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(18f));
        styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(13f));
        styler.setLegendFont(styler.getLegendFont().deriveFont(14f));
        // Log axes label decades only: print each bar's value on it.
        styler.setLabelsVisible(true);
        styler.setLabelsRotation(90);
        styler.setLabelsFont(styler.getLegendFont().deriveFont(12f));
        styler.setDecimalPattern("#,##0");
        return chart;
    }

    /** One series per server, one category per case; a server not run in a case has no bar there. */
    private static void modeSeries(CategoryChart chart, List<FileRun> runs, Function<FileRun, String> category,
                                   ToDoubleFunction<FileRun> value) {
        SequencedSet<String> categories = new LinkedHashSet<>();
        runs.forEach(r -> categories.add(category.apply(r)));
        for (ServerKind mode : ServerKind.values()) {
            List<FileRun> ofMode = runs.stream().filter(r -> r.mode() == mode).toList();
            if (ofMode.isEmpty()) {
                continue;
            }
            List<@Nullable Double> values = new ArrayList<>();
            for (String c : categories) {
                values.add(ofMode.stream().filter(r -> category.apply(r).equals(c)).findFirst()
                        .map(value::applyAsDouble).orElse(null));
            }
            chart.addSeries(mode.flag(), new ArrayList<>(categories), values);
        }
    }

    private static Optional<CategoryChart> loops(List<BenchResult> all) {
        List<BenchResult> loops = all.stream().filter(named("StreamingLoopBenchmark")).toList();
        if (loops.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = panel("The streaming loop alone: MB/s", "loop", "MB/s");
        SequencedSet<String> sizes = new LinkedHashSet<>();
        loops.forEach(r -> sizes.add(r.param("size")));
        for (String size : sizes) {
            List<BenchResult> ofSize = loops.stream().filter(r -> r.param("size").equals(size)).toList();
            chart.addSeries(size, ofSize.stream().map(r -> r.param("loop")).toList(),
                    ofSize.stream().map(r -> (Number) (r.score() * FileSize.parse(size).bytes() / 1e6)).toList());
        }
        return Optional.of(chart);
    }

    private static Optional<CategoryChart> scale(List<BenchResult> all, List<ScaleMemory> memory) {
        List<BenchResult> scale = all.stream().filter(named("ScaleBenchmark")).toList();
        if (scale.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = panel("Server memory with " + memory.getFirst().connections() + " connections open",
                "mode (requests/s)", "MiB");
        List<String> labels = new ArrayList<>();
        List<Number> rss = new ArrayList<>();
        List<Number> heap = new ArrayList<>();
        for (ScaleMemory m : memory) {
            double requests = scale.stream().filter(r -> r.param("mode").equals(m.mode())).mapToDouble(BenchResult::score)
                    .findFirst().orElse(Double.NaN);
            labels.add(m.mode() + " (" + MarkdownReport.number(requests) + "/s)");
            rss.add(m.loaded().rss() / 1048576.0);
            heap.add(m.loaded().heapLive() / 1048576.0);
        }
        chart.addSeries("RSS", labels, rss);
        chart.addSeries("live heap", labels, heap);
        return Optional.of(chart);
    }

    private static Predicate<BenchResult> named(String benchmark) {
        return r -> r.benchmark().equals(benchmark);
    }

    /** Panels two by two under a title line. */
    private static BufferedImage stitch(String title, List<CategoryChart> panels) {
        int columns = Math.min(2, panels.size());
        int rows = (panels.size() + 1) / 2;
        int titleHeight = 50;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, titleHeight + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(22f));
            g.drawString(title, 20, 34);
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)),
                        (i % 2) * PANEL_WIDTH, titleHeight + (i / 2) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
