package dev.socketserver.cli;

import dev.socketserver.handlers.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar, redrawn in place at most ten times a second; for terminals only. */
final class ProgressBar implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private String name = "";
    private long size;
    private long received;
    private long startNanos;
    private long drawnNanos;

    ProgressBar(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void started(String fileName, long fileSize) {
        name = fileName;
        size = fileSize;
        startNanos = System.nanoTime();
        draw();
    }

    @Override
    public void advanced(long receivedBytes) {
        received = receivedBytes;
        if (System.nanoTime() - drawnNanos >= REDRAW_NANOS) {
            draw();
        }
    }

    @Override
    public void finished(boolean success) {
        draw();
        out.println(success ? "" : "  failed");
        out.flush();
    }

    private void draw() {
        drawnNanos = System.nanoTime();
        double fraction = size == 0 ? 1 : (double) received / size;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-9, (drawnNanos - startNanos) / 1e9);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %s %.1f MiB/s", name, "#".repeat(filled),
                " ".repeat(WIDTH - filled), Math.round(fraction * 100), bytes(received), received / seconds / (1 << 20)));
        out.flush();
    }

    private static String bytes(long count) {
        return count < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", count / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", count / (double) (1 << 20));
    }
}
