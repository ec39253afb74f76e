package dev.socketserver.cli;

import dev.socketserver.handlers.DownloadException;
import dev.socketserver.handlers.FileClient;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.jetbrains.annotations.Nullable;

/**
 * One of {@code load}'s clients, run on a virtual thread of its own: it sends requests until the
 * run's end and records each successful one's latency in nanoseconds.
 *
 * <p>Closed loop: the next request goes out when the last one is answered; its latency is its
 * service time. Open loop: request {@code i} is due at {@code first + i × interval}, and its
 * latency is counted from when it was due, not from when it went out: a server that stalls makes
 * the requests queued behind the stall late, and their lateness is recorded (wrk2's correction of
 * coordinated omission). Both loops stop sending at the run's end; requests due by then but not
 * yet sent (a client behind a stalled server) are not counted.
 */
final class LoadClient implements Runnable {

    private final LoadPlan plan;
    private final ConnectOptions.Connector connector;
    private final Recorder latencies;
    private final LongAdder errors;
    private final AtomicReference<@Nullable String> firstError;
    private final long firstDueNanos;
    private final long endNanos;
    private @Nullable FileClient client;

    /**
     * @param index this client's number, from 0: in an open loop the clients' schedules are
     *     staggered by it, so that together they send evenly
     * @param startNanos when the run starts ({@link System#nanoTime()})
     */
    LoadClient(LoadPlan plan, int index, long startNanos, ConnectOptions.Connector connector, Recorder latencies,
            LongAdder errors, AtomicReference<@Nullable String> firstError) {
        this.plan = plan;
        this.connector = connector;
        this.latencies = latencies;
        this.errors = errors;
        this.firstError = firstError;
        this.firstDueNanos = plan.openLoop() ? startNanos + plan.clientIntervalNanos() * index / plan.clients() : startNanos;
        this.endNanos = startNanos + plan.durationNanos();
    }

    @Override
    public void run() {
        try {
            if (plan.openLoop()) {
                openLoop();
            } else {
                closedLoop();
            }
        } finally {
            disconnect();
        }
    }

    private void closedLoop() {
        while (System.nanoTime() - endNanos < 0) {
            long sent = System.nanoTime();
            if (request()) {
                latencies.recordValue(System.nanoTime() - sent);
            }
        }
    }

    private void openLoop() {
        long interval = plan.clientIntervalNanos();
        // Stops at the end even when behind: a server that hangs must not hold the run for its whole backlog
        for (long due = firstDueNanos; due - endNanos < 0 && System.nanoTime() - endNanos < 0; due += interval) {
            waitUntil(due);
            if (request()) {
                latencies.recordValue(Math.max(0, System.nanoTime() - due));
            }
        }
    }

    private static void waitUntil(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait); // may return early: check again
        }
    }

    /** One request, on the kept connection or a new one; false (and counted) when it failed. */
    private boolean request() {
        try {
            FileClient connected = client != null ? client : connector.connect();
            client = connected;
            connected.fetch(plan.name());
            if (plan.connection() == ConnectionPolicy.NEW) {
                disconnect();
            }
            return true;
        } catch (DownloadException e) {
            failed(e.getMessage());
            if (!e.connectionUsable() || plan.connection() == ConnectionPolicy.NEW) {
                disconnect();
            }
        } catch (IOException e) {
            failed(Cli.reason(e));
            disconnect();
        }
        return false;
    }

    private void failed(String reason) {
        errors.increment();
        firstError.compareAndSet(null, reason);
    }

    private void disconnect() {
        FileClient connected = client;
        client = null;
        if (connected != null) {
            try {
                connected.close();
            } catch (IOException e) {
                failed("closing a connection failed: " + Cli.reason(e));
            }
        }
    }
}
