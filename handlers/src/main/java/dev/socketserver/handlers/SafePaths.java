package dev.socketserver.handlers;

import dev.socketserver.internal.Printable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Resolves a client's file name inside the served root, and only there: no absolute path, no
 * {@code ..}, no NUL or control character, no symbolic link that leads out of the root, nothing
 * but a regular file. Small and static so it can be fuzzed on its own.
 *
 * <pre>{@code
 * Path root = SafePaths.realRoot(Path.of("sample-files"));
 * Path file = SafePaths.resolve(root, "docs/notes.txt"); // the real path, inside root
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

    /**
     * The real path of {@code name} under {@code realRoot}: checked by {@link #checkName}, then
     * resolved with every symbolic link followed, and refused unless it is still inside the root
     * and a regular file.
     *
     * @param realRoot the root as returned by {@link #realRoot} (absolute, no symbolic links)
     * @throws RefusedException with a reason fit to send to the client
     */
    public static Path resolve(Path realRoot, String name) throws RefusedException {
        checkName(name);
        Path real;
        try {
            real = realRoot.resolve(name).toRealPath();
        } catch (InvalidPathException e) {
            throw new RefusedException("invalid file name: " + shown(name));
        } catch (NoSuchFileException e) {
            throw new RefusedException("no such file: " + shown(name));
        } catch (AccessDeniedException e) {
            throw new RefusedException("permission denied: " + shown(name));
        } catch (FileSystemException e) {
            throw new RefusedException("cannot open " + shown(name) + ": " + reason(e));
        } catch (IOException e) {
            throw new RefusedException("cannot open " + shown(name));
        }
        if (!real.startsWith(realRoot)) {
            throw new RefusedException("outside the served directory: " + shown(name));
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new RefusedException("no such file: " + shown(name)); // vanished since it was resolved
        }
        if (attributes.isDirectory()) {
            throw new RefusedException("is a directory: " + shown(name));
        }
        if (!attributes.isRegularFile()) {
            throw new RefusedException("not a regular file: " + shown(name));
        }
        if (name.endsWith("/")) { // the path drops it, open(2) would not: a file is not a directory
            throw new RefusedException("not a directory: " + shown(name));
        }
        return real;
    }

    /** The name cut to a reasonable length, escaped (line separators pass {@link #checkName}). */
    static String shown(String name) {
        return Printable.escape(name, SHOWN_NAME_LENGTH);
    }

    private static String reason(FileSystemException e) {
        String reason = e.getReason();
        return reason == null ? e.getClass().getSimpleName() : Printable.escape(reason);
    }
}
