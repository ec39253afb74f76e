package dev.socketserver.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM's class initialisation log ({@code -Xlog:class+init}), for tests of what a forked child
 * runs for the first time when: a class is initialised once, on its first use, so the classes
 * initialised after a marker class are the code that ran for the first time after it.
 */
public final class ClassInitLog {

    /** The first class a pooled forked child initialises for its request: the message that came with it. */
    public static final String HANDED_OVER = "dev/socketserver/fork/HandOffMessage";

    /** Initialised as a forked child ends. */
    public static final String CHILD_EXIT = "dev/socketserver/fork/ChildExit";

    private static final String INITIALIZING = " Initializing '";

    private ClassInitLog() {
    }

    /** {@return the JVM option that writes the log to {@code file}} ({@code %p} in its name becomes the process id) */
    public static String option(Path file) {
        return "-Xlog:class+init=info:file=" + file;
    }

    /** {@return the classes initialised, in order, by their internal names} ({@code java/lang/String}) */
    public static List<String> initialised(Path log) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(INITIALIZING);
            if (at >= 0) {
                int start = at + INITIALIZING.length();
                names.add(line.substring(start, line.indexOf('\'', start)));
            }
        }
        return names;
    }

    /**
     * The classes initialised after {@code marker}, in order.
     *
     * @throws AssertionError when the log has no {@code marker}: the code it marks never ran there
     */
    public static List<String> initialisedAfter(Path log, String marker) throws IOException {
        List<String> all = initialised(log);
        int at = all.indexOf(marker);
        if (at < 0) {
            throw new AssertionError(marker + " was not initialised in " + log + " (" + all.size() + " classes were)");
        }
        return all.subList(at + 1, all.size());
    }

    /**
     * The classes a pooled forked child initialised for its request, from the hand-off's message to its exit.
     *
     * @throws AssertionError when the log has no hand-off (the child did not serve a pooled request) or does not
     *     run to the child's exit
     */
    public static List<String> pooledRequest(Path log) throws IOException {
        List<String> request = initialisedAfter(log, HANDED_OVER);
        if (!request.contains(CHILD_EXIT)) {
            throw new AssertionError("the log " + log + " does not run to the child's exit: " + request);
        }
        return request;
    }
}
