package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench}'s scale-memory results: written under {@code .running} and moved over the
 * previous (committed) file only when the run has finished, so an interrupted run clobbers nothing.
 */
class ReplacedAtEndTest {

    @TempDir
    Path dir;

    /** A benchmark appending one result line, as ScaleBenchmark does. */
    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void anInterruptedRunLeavesThePreviousResultsAsTheyWere() throws IOException {
        Path results = dir.resolve("scale-memory-quick.jsonl");
        Files.writeString(results, "previous\n");
        var stopped = new IllegalStateException("the run was interrupted");
        var thrown = assertThrows(IllegalStateException.class, () -> ReplacedAtEnd.write(results, running -> {
            append(running, "partial");
            assertEquals("previous\n", Files.readString(results), "untouched while the run writes");
            throw stopped;
        }));
        assertEquals(stopped, thrown);
        assertEquals("previous\n", Files.readString(results));
        assertEquals("partial\n", Files.readString(ReplacedAtEnd.runningFile(results)), "kept for a look");
    }

    @Test
    void aFinishedRunReplacesThePreviousResultsWithItsOwnOnly() throws IOException {
        Path results = dir.resolve("scale-memory-quick.jsonl");
        Files.writeString(results, "previous\n");
        append(ReplacedAtEnd.runningFile(results), "left by an interrupted run");
        int returned = ReplacedAtEnd.write(results, running -> {
            append(running, "one");
            append(running, "two");
            assertEquals("previous\n", Files.readString(results), "replaced only at the end");
            return 2;
        });
        assertEquals(2, returned);
        assertEquals("one\ntwo\n", Files.readString(results));
        assertFalse(Files.exists(ReplacedAtEnd.runningFile(results)));
    }

    @Test
    void aFinishedRunThatMeasuredNothingLeavesNoOlderResults() throws IOException {
        Path results = dir.resolve("scale-memory-smoke.jsonl");
        Files.writeString(results, "an older run's\n");
        assertEquals("done", ReplacedAtEnd.write(results, running -> "done"));
        assertFalse(Files.exists(results), "no results rather than an older run's beside new JMH results");
    }
}
