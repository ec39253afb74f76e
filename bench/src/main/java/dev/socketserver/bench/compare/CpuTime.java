package dev.socketserver.bench.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process's CPU time from {@code /proc/PID/stat} (Linux): user plus system time of the process,
 * plus that of its children it has reaped (forked mode's children count once they exit).
 */
final class CpuTime {

    /** USER_HZ: Linux reports these fields in 1/100 s on every architecture that matters here. */
    private static final double TICKS_PER_SECOND = 100;
    private static final int UTIME = 11;  // field 14, counted from the state field (3) after the ')'
    private static final int CUTIME = 13; // field 16

    private CpuTime() {
    }

    /** Seconds of CPU: utime + stime + cutime + cstime. */
    static double seconds(long pid) throws IOException {
        return seconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** The same from one line of {@code /proc/PID/stat} (the command may hold spaces and parentheses). */
    static double seconds(String stat) throws IOException {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        if (fields.length <= CUTIME + 1) {
            throw new IOException("short /proc/PID/stat line: " + stat);
        }
        long ticks = 0;
        for (int i = UTIME; i <= CUTIME + 1; i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** Seconds of CPU of the process's reaped children only: cutime + cstime (forked mode's children). */
    static double childrenSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CUTIME + 1])) / TICKS_PER_SECOND;
    }

    /** Whether the process has a child now (forked mode: wait for them to exit so their CPU is counted). */
    static boolean hasChildren(long pid) throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                if (!Files.readString(task.resolve("children")).isBlank()) {
                    return true;
                }
            }
        } catch (NoSuchFileException gone) {
            return false; // the process or the thread ended while listed
        }
        return false;
    }

    /**
     * Forked mode: its children exit when the client's connections close, and only reaped children's
     * CPU counts; waits up to 10 s for them.
     */
    static void awaitChildren(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (hasChildren(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
