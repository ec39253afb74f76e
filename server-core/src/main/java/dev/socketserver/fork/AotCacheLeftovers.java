package dev.socketserver.fork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * The temporary files a training run leaves in the AOT cache directory when it is killed while
 * writing: {@code socketserver-DIGEST.aot.PID-NANOS.tmp} (the cache being written) and the JVM's
 * {@code ….tmp.config} beside it; and {@code junixsocket-native-….so.PID-NANOS.tmp} and
 * {@code socketserver-handoff-….so.PID-NANOS.tmp}, the children's copies of junixsocket's library
 * and of the hand-off library ({@link ChildLibraryFiles}) from a server killed while it wrote them. Nobody moves them into place afterwards, and a cache is up to 15 MB, so they are
 * removed once stale: older than {@link #STALE_AFTER} and written for a server process (the
 * {@code PID} in the name) that is no longer running.
 */
final class AotCacheLeftovers {

    /** Long enough for any training run that is still writing; a training child ends with its request. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private static final Pattern TEMPORARY =
            Pattern.compile("(?:socketserver-[^/]*\\.aot|(?:junixsocket-native|socketserver-handoff)-[^/]*\\.so)\\.([0-9]+)-[0-9]+\\.tmp(\\.config)?");

    private AotCacheLeftovers() {
    }

    /** The private name {@code target} is written under before it is moved into place: it names this process. */
    static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    }

    /** Removes the stale temporary files of {@code directory}; returns how many were removed. */
    static int removeStale(Path directory) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.toList();
        } catch (IOException e) {
            Logger.debug(e, "cannot list the AOT cache directory {}", directory);
            return 0;
        }
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        int removed = 0;
        for (Path file : files) {
            OptionalLong writer = writerPid(file);
            if (writer.isPresent() && !running(writer.getAsLong()) && olderThan(file, cutoff)) {
                try {
                    Files.deleteIfExists(file);
                    Logger.debug("removed the AOT cache leftover {}", file);
                    removed++;
                } catch (IOException e) {
                    Logger.debug(e, "cannot remove the AOT cache leftover {}", file);
                }
            }
        }
        return removed;
    }

    /** The server process a temporary file was written for; empty when the name is not one of ours. */
    static OptionalLong writerPid(Path file) {
        Matcher name = TEMPORARY.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.of(-1); // too long to be a pid: nobody's, so stale once old
        }
    }

    private static boolean running(long pid) {
        return pid >= 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean olderThan(Path file, Instant cutoff) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }
}
