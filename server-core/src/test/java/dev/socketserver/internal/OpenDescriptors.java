package dev.socketserver.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * This JVM's open file descriptors (Linux {@code /proc/self/fd}), for leak checks in tests and the
 * soak run. Two kinds the JDK opens lazily and keeps for the life of the JVM are left out: epoll
 * instances (one per virtual-thread poller, made as carrier threads come and go) and the class
 * path's jar files (opened at the first class loaded from each). A leaked selector still shows,
 * by its eventfd; a leaked connection by its socket.
 */
public final class OpenDescriptors {

    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final String EPOLL = "anon_inode:[eventpoll]";

    private OpenDescriptors() {
    }

    /** How many are open now (the listing's own descriptors are counted every time, so they cancel out). */
    public static int count() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.map(OpenDescriptors::target).filter(OpenDescriptors::counted).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until no more than {@code baseline} are open, polling: connections are closed by other
     * threads a moment after a client has seen the end.
     *
     * @return the last count: at most {@code baseline} unless {@code limit} passed first
     */
    public static int awaitAtMost(int baseline, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int now;
        while ((now = count()) > baseline && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return now;
    }

    /** What each counted descriptor is (socket, pipe, eventfd, file), for a leak report. */
    public static String describe() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return fds.filter(fd -> counted(target(fd)))
                    .map(fd -> fd.getFileName() + "->" + target(fd) + socketKind(target(fd)))
                    .sorted().toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For {@code socket:[INODE]}, which table of /proc/self/net lists it (tcp, tcp6, udp, udp6, unix). */
    private static String socketKind(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = " " + target.substring("socket:[".length(), target.length() - 1) + " ";
        for (String table : new String[] {"tcp", "tcp6", "udp", "udp6", "unix"}) {
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/net", table))) {
                if (lines.anyMatch(line -> line.contains(inode) || line.endsWith(inode.stripTrailing()))) {
                    return " (" + table + ")";
                }
            } catch (IOException | UncheckedIOException e) {
                return " (?)"; // the table cannot be read here; the inode alone has to do
            }
        }
        return " (other)";
    }

    private static boolean counted(String target) {
        return !target.equals(EPOLL) && !target.endsWith(".jar");
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "(closed)"; // closed while listing, e.g. by a request that just ended
        }
    }
}
