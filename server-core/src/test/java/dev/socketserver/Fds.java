package dev.socketserver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** The JVM's open file descriptors (Linux /proc/self/fd), for leak checks. */
final class Fds {

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private Fds() {
    }

    /** How many descriptors are open now (the listing's own descriptor is counted every time, so it cancels out). */
    static int count() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until no more than {@code baseline} descriptors are open: connections are closed by
     * other threads a moment after a client sees the end, so poll, boundedly.
     */
    static void awaitBackTo(int baseline) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int now;
        while ((now = count()) > baseline) {
            if (System.nanoTime() > deadline) {
                fail("descriptor leak: " + now + " open, baseline " + baseline);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
