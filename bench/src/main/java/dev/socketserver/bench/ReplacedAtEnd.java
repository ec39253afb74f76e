package dev.socketserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A results file that a run writes under a temporary name ({@code NAME.running}, beside it) and
 * that replaces the previous results only once the run has finished: a run that is interrupted
 * (Ctrl-C on {@code make bench}) or fails leaves the previous file as it was, committed results
 * included.
 */
final class ReplacedAtEnd {

    /** The run: writes (appends) its results to the file it is given. */
    interface Run<T, X extends Exception> {
        T into(Path running) throws X;
    }

    private ReplacedAtEnd() {
    }

    /** The temporary file a run of {@code target} writes. */
    static Path runningFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".running");
    }

    /**
     * Runs {@code run} on a fresh temporary file, then moves it over {@code target} in one rename.
     * A run that wrote nothing removes {@code target}: no results, rather than an older run's.
     * When {@code run} throws, {@code target} is untouched (the temporary file stays for a look;
     * the next run starts it afresh).
     *
     * @return what {@code run} returned
     */
    static <T, X extends Exception> T write(Path target, Run<T, X> run) throws X, IOException {
        Path running = runningFile(target);
        Files.deleteIfExists(running); // an interrupted run's leftover: this run appends from nothing
        T result = run.into(running);
        if (Files.exists(running)) {
            Files.move(running, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces target
        } else {
            Files.deleteIfExists(target);
        }
        return result;
    }
}
