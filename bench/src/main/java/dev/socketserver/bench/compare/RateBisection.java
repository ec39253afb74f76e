package dev.socketserver.bench.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * More rates where a sweep first left the latency bound: between the rate a server held and the
 * doubled one it did not, the geometric middle, then the middle of whichever half the bound was
 * left in. The doubling sweep alone reads a highest rate within the bound only as a power of two,
 * so a ratio of two servers' highest rates is 0.5, 1 or 2 and a bound of 0.8 cannot be told from
 * 1.0; after {@value #STEPS} steps the rates are a quarter of a doubling apart (×1.19).
 */
final class RateBisection {

    /** Middles measured per sweep: two, the step 2^(1/4) apart. */
    static final int STEPS = 2;

    /** Measures the server at one offered rate. */
    interface Probe {
        Point at(double rate) throws IOException, InterruptedException;
    }

    private RateBisection() {
    }

    /**
     * The points measured between {@code held} (within the bound) and {@code left} (the next rate
     * of the sweep, not within it), at most {@code steps}, in the order measured.
     */
    static List<Point> between(Point held, Point left, int steps, Probe probe) throws IOException, InterruptedException {
        if (!held.sustained() || left.sustained() || held.offeredRate() >= left.offeredRate()) {
            throw new IllegalArgumentException("bisects from a rate held within the bound up to a higher one that was not, got "
                    + held.offeredRate() + " and " + left.offeredRate());
        }
        double low = held.offeredRate();
        double high = left.offeredRate();
        List<Point> measured = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            double middle = Math.round(Math.sqrt(low * high));
            if (middle <= low || middle >= high) {
                break; // rates a request per second apart: nothing between them
            }
            Point point = probe.at(middle);
            measured.add(point);
            if (point.sustained()) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return measured;
    }
}
