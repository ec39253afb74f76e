package dev.socketserver.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jetbrains.annotations.Nullable;

/**
 * Runs a {@link LoadPlan}: starts its clients on virtual threads, gathers their latencies once a
 * second (drawing a progress line when asked), and returns the summary when the last client is done.
 */
final class LoadRun {

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LoadPlan plan;
    private final ConnectOptions.Connector connector;
    private final Recorder latencies = new Recorder(SIGNIFICANT_DIGITS); // many writers, one reader
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<@Nullable String> firstError = new AtomicReference<>();

    LoadRun(LoadPlan plan, ConnectOptions.Connector connector) {
        this.plan = plan;
        this.connector = connector;
    }

    /**
     * Runs the plan to its end.
     *
     * @param progress where to redraw a progress line each second, or null for none
     */
    LoadSummary run(@Nullable PrintWriter progress) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(plan.clients());
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>(plan.clients());
        for (int i = 0; i < plan.clients(); i++) {
            LoadClient client = new LoadClient(plan, i, start, connector, latencies, errors, firstError);
            threads.add(Thread.ofVirtual().name("load-client-" + i).start(() -> {
                try {
                    client.run();
                } finally {
                    done.countDown();
                }
            }));
        }
        try {
            while (!done.await(TICK_NANOS, TimeUnit.NANOSECONDS)) {
                Histogram lastSecond = gather();
                if (progress != null) {
                    draw(progress, System.nanoTime() - start, lastSecond);
                }
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt); // an interrupted channel closes: each client ends at once
            throw e;
        }
        long elapsed = System.nanoTime() - start;
        gather();
        if (progress != null) {
            progress.println();
            progress.flush();
        }
        return LoadSummary.of(total, errors.sum(), elapsed);
    }

    /** The first failure's reason, if any request failed. */
    @Nullable String firstError() {
        return firstError.get();
    }

    /** Moves what the clients recorded since the last call into the total; returns that interval. */
    private Histogram gather() {
        Histogram interval = latencies.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    private void draw(PrintWriter out, long elapsedNanos, Histogram lastSecond) {
        boolean none = lastSecond.getTotalCount() == 0;
        out.print(String.format(Locale.ROOT, "\r%5.0f s  requests=%d  last second: %d/s p99=%.3fms  errors=%d  ",
                elapsedNanos / 1e9, total.getTotalCount(), lastSecond.getTotalCount(),
                none ? 0 : lastSecond.getValueAtPercentile(99) / 1e6, errors.sum()));
        out.flush();
    }
}
