package dev.socketserver.handlers;

import dev.socketserver.Printable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The client's side of a download before any byte moves: where the file goes, and how its limits read. */
final class LocalTarget {

    private LocalTarget() {
    }

    /** {@link FileClient#localName}: the last segment of {@code name}, or a refusal naming it (cut to {@code shown}). */
    static Path nameFor(String name, int shown) throws DownloadException {
        Path last;
        try {
            last = Path.of(name).getFileName();
        } catch (InvalidPathException e) {
            last = null;
        }
        if (last == null || List.of("", ".", "..").contains(last.toString())) {
            throw DownloadException.inStep("cannot make a local file name from '" + Printable.escape(name, shown)
                    + "'; name one with -o");
        }
        return last;
    }

    /**
     * Refuses a target that is a directory, exists already (unless {@code overwrite}), or whose
     * directory does not exist: said before the server is asked, so nothing is half done.
     */
    static void check(Path target, boolean overwrite) throws DownloadException {
        if (Files.isDirectory(target)) {
            throw DownloadException.inStep(target + " is a directory");
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw DownloadException.inStep(target + " already exists; use --force to overwrite it");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DownloadException.inStep("directory " + dir + " does not exist");
        }
    }

    /** {@code 20 s}, {@code 1.5 s}: as the command line's flags give it. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
