package dev.socketserver.bench.compare;

import java.util.List;

/**
 * A server of the comparison and how to start it.
 *
 * @param name e.g. {@code serve --mode virtual}, {@code bare Java}, {@code native}
 * @param command its command line (port 0: it says the real one)
 * @param rates the offered rates to sweep, light to heavy; the sweep stops past saturation
 * @param warmUpRate the open-loop rate of the unrecorded warm-up before the sweep (after a closed loop)
 * @param loads the sweeps to run against it: a kind of connection and nload's connections (the open
 *     loop's concurrency cap) each
 * @param timeoutSeconds how long nload waits for an answer before it counts an error
 * @param bulk whether it also serves the large file to one client ({@link BulkRun})
 */
record Contestant(String name, List<String> command, List<Double> rates, double warmUpRate, List<Load> loads,
                  int timeoutSeconds, boolean bulk) {

    Contestant {
        command = List.copyOf(command);
        rates = List.copyOf(rates);
        loads = List.copyOf(loads);
    }

    /**
     * One sweep's load.
     *
     * @param connection {@code kept} or {@code new}
     * @param clients nload's connections
     */
    record Load(String connection, int clients) {
    }

    /** A geometric sweep: {@code from}, {@code from * factor}, ... up to {@code to}. */
    static List<Double> geometric(double from, double to, double factor) {
        if (!(from > 0) || !(factor > 1) || to < from) {
            throw new IllegalArgumentException("a sweep needs 0 < from <= to and factor > 1, got " + from + ", " + to + ", " + factor);
        }
        List<Double> rates = new java.util.ArrayList<>();
        for (double rate = from; rate <= to * 1.0001; rate *= factor) {
            rates.add((double) Math.round(rate));
        }
        return rates;
    }
}
