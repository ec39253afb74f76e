package dev.socketserver.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients saw: how many of each exchange went as expected ({@link #ok}), and the
 * unexpected outcomes by kind ({@link #error}). A hostile client that is refused or closed as the
 * server should is an {@code ok}; a wrong digest, a missing refusal or an exception is an error.
 */
final class Tally {

    private final Map<String, LongAdder> ok = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void ok(String exchange) {
        ok.computeIfAbsent(exchange, key -> new LongAdder()).increment();
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, key -> new LongAdder()).increment();
    }

    /** An exception as an error kind: where it happened and its type. */
    void error(String where, Throwable e) {
        error(where + ": " + e.getClass().getSimpleName());
    }

    long okTotal() {
        return ok.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long errorTotal() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long errors(String kind) {
        LongAdder count = errors.get(kind);
        return count == null ? 0 : count.sum();
    }

    Map<String, Long> okByExchange() {
        return sorted(ok);
    }

    Map<String, Long> errorsByKind() {
        return sorted(errors);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((key, count) -> sorted.put(key, count.sum()));
        return sorted;
    }
}
