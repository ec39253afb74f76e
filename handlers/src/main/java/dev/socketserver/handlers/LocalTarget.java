package dev.socketserver.handlers;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/** The client's side of a download before any byte moves: where the file goes, and how its limits read. */
final class LocalTarget {

    private LocalTarget() {
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
