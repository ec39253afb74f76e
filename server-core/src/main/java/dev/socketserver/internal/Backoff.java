package dev.socketserver.internal;

import java.time.Duration;

/**
 * Exponential back-off for repeated failures of the same operation (an accept that fails with
 * "too many open files" stays ready, so retrying at once would spin): 10 ms doubling to 1 s,
 * back to the start after a success.
 */
public final class Backoff {

    private static final Duration FIRST = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofSeconds(1);

    private Duration next = FIRST;

    /** The delay to wait after this failure. */
    public Duration onFailure() {
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        return delay;
    }

    public void onSuccess() {
        next = FIRST;
    }
}
