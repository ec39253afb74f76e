package dev.socketserver.bench.compare;

/**
 * How long each rate of a sweep is measured (after nload's own half-second warm-up): every rate
 * for {@code secondsPerRate}, except the light rate of the targets' two servers, which runs for
 * {@code lightSeconds}. Issue 14 reads a p99 ratio there, and at 250/s a 2.5 s point holds 625
 * requests, so its p99 is the 7th-slowest request. On the shared 2-core machine both servers see a
 * few 1–4 ms delays per 2.5 s that neither causes (the JVM logged no compilation, collection or
 * safepoint in such a window; the native peer has them too), and whether 7 of them fall in one
 * point decided the ratio: 0.6× to 5× from run to run (docs/benchmarks.md, "The light rate's p99").
 * Four times as long (10 s by default) puts p99 on the 25th-slowest of 2,500 requests. Only those
 * two servers: the other sweeps keep make compare near 10 minutes.
 *
 * @param secondsPerRate measured seconds at every rate but the targets' light rate
 * @param lightSeconds measured seconds at the light rate, for the targets' two servers
 */
record PointLengths(double secondsPerRate, double lightSeconds) {

    /** nload's warm-up before each measured point, not counted. */
    static final double WARM_UP_SECONDS = 0.5;
    /** The targets' light-rate point against every other: 10 s, 2,500 requests at 250/s, by default. */
    static final int LIGHT_FACTOR = 4;

    /** Every rate {@code secondsPerRate}, the targets' light rate {@link #LIGHT_FACTOR} times as long. */
    static PointLengths of(double secondsPerRate) {
        return new PointLengths(secondsPerRate, LIGHT_FACTOR * secondsPerRate);
    }

    /**
     * The seconds per rate given on the command line: a number in (0, 600].
     *
     * @throws CompareMain.UsageException otherwise, with the one-line message
     */
    static double secondsPerRate(String text) throws CompareMain.UsageException {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value <= 600) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the one-line message
        }
        throw new CompareMain.UsageException("seconds per rate must be a number in (0, 600], got '" + text + "'");
    }

    PointLengths {
        if (!(secondsPerRate > 0) || !(lightSeconds > 0)) {
            throw new IllegalArgumentException("seconds must be positive, got " + secondsPerRate + " and " + lightSeconds);
        }
    }

    /** How long {@code contestant} is measured at {@code rate}. */
    LoadClient.Settings at(Contestant contestant, double rate) {
        boolean light = rate == CompareMain.LIGHT_RATE && Targets.pair(contestant.name());
        return new LoadClient.Settings(light ? lightSeconds : secondsPerRate, WARM_UP_SECONDS);
    }
}
