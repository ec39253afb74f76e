package dev.socketserver;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A tinylog writer (configured in the tests' tinylog-test.properties) that keeps what was logged, so a
 * test can check that a refusal, a failure or a forced close was reported.
 */
public final class LogCapture implements Writer {

    /** One logged message: level, formatted text and the exception's text, if any. */
    public record Entry(Level level, String message, String exception) {
        boolean mentions(String text) {
            return message.contains(text) || exception.contains(text);
        }
    }

    private static final List<Entry> ENTRIES = new CopyOnWriteArrayList<>();

    /** tinylog builds writers with their properties. */
    public LogCapture(Map<String, String> properties) {
    }

    /** The entries logged so far whose message or exception mentions all of {@code texts}. */
    public static List<Entry> find(Level atLeast, String... texts) {
        Predicate<Entry> match = entry -> entry.level().ordinal() >= atLeast.ordinal()
                && List.of(texts).stream().allMatch(entry::mentions);
        return ENTRIES.stream().filter(match).toList();
    }

    /** Waits (boundedly) until more than {@code before} entries match: the server may log just after the client saw the effect. */
    public static void awaitMore(int before, Level atLeast, String... texts) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (find(atLeast, texts).size() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing logged at " + atLeast + " or above mentioning " + List.of(texts));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) {
        Throwable error = entry.getException();
        ENTRIES.add(new Entry(entry.getLevel(), String.valueOf(entry.getMessage()),
                error == null ? "" : error.toString()));
    }

    @Override
    public void flush() {
        // Entries are kept in memory; nothing is buffered.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
