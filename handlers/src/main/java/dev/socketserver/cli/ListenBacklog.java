package dev.socketserver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * The listen backlog {@code serve} uses when {@code --backlog} is not given: the system's cap,
 * {@code net.core.somaxconn}, so that a burst of connects queues instead of waiting out SYN
 * retransmits (the library's default is CPython's 5).
 */
final class ListenBacklog {

    /** Linux's {@code somaxconn} since 5.4; used where the system does not say. */
    static final int FALLBACK = 4096;

    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private ListenBacklog() {
    }

    /** The system's {@code somaxconn}, or {@value #FALLBACK} when it cannot be read. */
    static int systemDefault() {
        return read(SOMAXCONN);
    }

    /** The positive number in {@code file}, or {@value #FALLBACK}. */
    static int read(Path file) {
        // Not Files.readString: it trusts the size procfs reports (0) and returned "4" for "4096" here.
        try (var lines = Files.newBufferedReader(file)) {
            int value = Integer.parseInt(String.valueOf(lines.readLine()).strip());
            return value > 0 ? value : FALLBACK;
        } catch (IOException | NumberFormatException e) {
            Logger.debug("cannot read {} ({}); listen backlog {}", file, e.toString(), FALLBACK);
            return FALLBACK;
        }
    }
}
