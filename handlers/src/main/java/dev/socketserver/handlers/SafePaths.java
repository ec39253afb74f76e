package dev.socketserver.handlers;

import dev.socketserver.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of a client's file name that need no file system: no absolute path, no {@code ..},
 * no NUL or control character; and the served root's real path. {@link ServedRoot#open} applies
 * them, then opens the name beneath the root. Small and static so it can be fuzzed on its own.
 *
 * <pre>{@code
 * Path root = SafePaths.realRoot(Path.of("sample-files"));
 * SafePaths.checkName("docs/notes.txt"); // throws RefusedException for "../x", "/etc/passwd", ...
 * }</pre>
 */
public final class SafePaths {

    /** How much of a name is repeated back in a refusal. */
    private static final int SHOWN_NAME_LENGTH = 200;

    private SafePaths() {
    }

    /**
     * The real path of a directory to serve.
     *
     * @param root the directory as given (relative, or through symbolic links)
     * @return its real path: absolute, links resolved
     * @throws IOException when it does not exist or cannot be resolved
     * @throws IllegalArgumentException when it is not a directory
     */
    public static Path realRoot(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("served root " + root + " is not a directory");
        }
        return real;
    }

    /**
     * Checks a name without touching the file system.
     *
     * @param name the name a client asked for, relative to the served root
     * @throws RefusedException when the name is empty, absolute, has a {@code ..} segment, or
     *     contains NUL or another control character
     */
    public static void checkName(String name) throws RefusedException {
        if (name.isEmpty()) {
            throw new RefusedException("empty file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0') {
                throw new RefusedException("file name contains NUL");
            }
            if (Character.isISOControl(c)) {
                throw new RefusedException("file name contains a control character");
            }
        }
        if (name.startsWith("/")) {
            throw new RefusedException("absolute paths are not served: " + shown(name));
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw new RefusedException("'..' is not allowed in a file name: " + shown(name));
            }
        }
    }

    /** The name cut to a reasonable length; callers have ruled out control characters. */
    static String shown(String name) {
        return Printable.escape(name, SHOWN_NAME_LENGTH);
    }
}
