package dev.socketserver.bench.compare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The comparison's chart: p99 against offered rate, both log scale, a line per server; kept and new side by side. */
final class CompareChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;

    private CompareChart() {
    }

    static void write(Path png, CompareRun run) throws IOException {
        List<String> kinds = run.sweeps().stream().map(Sweep::connection).distinct().toList();
        if (kinds.isEmpty()) {
            throw new IOException("nothing to chart: no sweep");
        }
        BufferedImage image = new BufferedImage(WIDTH * kinds.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < kinds.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(panel(run, kinds.get(i))), i * WIDTH, 0, null);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYChart panel(CompareRun run, String connection) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("4 KiB, " + connection + " connections: p99 vs offered rate (" + run.date().substring(0, 10) + ")")
                .xAxisTitle("offered requests/s (log)").yAxisTitle("p99 latency, ms (log)").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Sweep sweep : run.sweeps()) {
            if (!sweep.connection().equals(connection) || sweep.points().isEmpty()) {
                continue;
            }
            double[] x = sweep.points().stream().mapToDouble(Point::offeredRate).toArray();
            // Log axis: a p99 below 10 µs is drawn at 10 µs.
            double[] y = sweep.points().stream().mapToDouble(p -> Math.max(p.p99(), 0.01)).toArray();
            XYSeries series = chart.addSeries(sweep.label(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        double[] bound = {1, 100_000};
        XYSeries limit = chart.addSeries("p99 = 10 ms", bound, new double[] {Point.P99_BOUND_MS, Point.P99_BOUND_MS});
        limit.setMarker(SeriesMarkers.NONE);
        limit.setLineColor(Color.GRAY);
        return chart;
    }
}
