package dev.socketserver.internal;

import java.time.Duration;

/** Durations as people write them in logs and messages: {@code 10s}, {@code 1.5s}, {@code 250ms}, {@code 5m}, {@code 1h30m}. */
public final class Durations {

    private Durations() {
    }

    /** {@code duration} in the largest units that show it exactly, up to milliseconds ({@link Duration#toString()} says {@code PT10S}). */
    public static String human(Duration duration) {
        if (duration.isNegative()) {
            return "-" + human(duration.negated());
        }
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000 || millis % 60_000 != 0) {
            long seconds = millis / 1_000;
            long rest = millis % 1_000;
            return rest == 0 ? seconds + "s" : seconds + "." + String.format("%03d", rest).replaceAll("0+$", "") + "s";
        }
        long minutes = millis / 60_000;
        if (minutes < 60) {
            return minutes + "m";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes / 60 + "h" + minutes % 60 + "m";
    }
}
