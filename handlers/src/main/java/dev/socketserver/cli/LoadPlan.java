package dev.socketserver.cli;

import java.util.OptionalDouble;

/**
 * What {@code load} was asked to do.
 *
 * @param name the file every request asks for
 * @param clients how many clients (virtual threads, each with its own connection) run at once
 * @param rate requests per second in total for an open loop; empty for a closed loop (each client
 *     sends its next request when the last one is answered)
 * @param durationNanos how long requests are started for
 * @param connection whether a client keeps its connection or opens one per request
 */
record LoadPlan(String name, int clients, OptionalDouble rate, long durationNanos, ConnectionPolicy connection) {

    LoadPlan {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        }
        if (rate.isPresent() && !(rate.getAsDouble() > 0 && Double.isFinite(rate.getAsDouble()))) {
            throw new IllegalArgumentException("rate must be a positive number, got " + rate.getAsDouble());
        }
        if (durationNanos < 1) {
            throw new IllegalArgumentException("duration must be positive, got " + durationNanos + " ns");
        }
    }

    boolean openLoop() {
        return rate.isPresent();
    }

    /** In an open loop, the time between one client's requests: the clients share the rate. */
    long clientIntervalNanos() {
        return Math.max(1, Math.round(clients * 1e9 / rate.orElseThrow()));
    }
}
