package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The served directory, held open, and the one way to open a client's file name in it: the name
 * is walked one segment at a time from the open directory ({@link SecureDirectoryStream}, which
 * is {@code openat(2)} on Linux), each directory opened relative to the one before and never
 * through a symbolic link, and the file opened relative to the last. A rename racing the request
 * can make it fail but never lead out of the root. Symbolic links are not served at all, not even
 * ones that stay inside: whether a link's target stays inside is a question about names again.
 *
 * <pre>{@code
 * try (ServedRoot root = ServedRoot.open(SafePaths.realRoot(Path.of("sample-files")));
 *      OpenedFile file = root.open("docs/notes.txt")) {
 *     FileBody.transfer(file.channel(), file.version().size(), () -> socket);
 * }
 * }</pre>
 *
 * <p>Any number of threads may call {@link #open} at once (the JDK's stream takes a read lock per
 * operation); close it after the last call.
 */
public final class ServedRoot implements AutoCloseable {

    private final Path path;
    private final SecureDirectoryStream<Path> directory;

    private ServedRoot(Path path, SecureDirectoryStream<Path> directory) {
        this.path = path;
        this.directory = directory;
    }

    /**
     * Opens the directory to serve.
     *
     * @param realRoot the root as returned by {@link SafePaths#realRoot}
     * @return the open root, through which every served file is opened
     * @throws IOException when it cannot be opened, or the platform cannot open names relative to
     *     a directory (no {@link SecureDirectoryStream}; Linux and macOS have one)
     */
    public static ServedRoot open(Path realRoot) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(realRoot);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new ServedRoot(realRoot, secure);
        }
        stream.close();
        throw new IOException("cannot serve " + realRoot + " safely: this platform has no SecureDirectoryStream");
    }

    /** The open directory itself: {@link SharedRoots} reads its identity. */
    SecureDirectoryStream<Path> directory() {
        return directory;
    }

    /** {@return the root's path, as it was given} */
    public Path path() {
        return path;
    }

    /**
     * Opens a regular file by a client's name.
     *
     * @param name the name the client sent, relative to the root
     * @return the open file with the version it had when opened
     * @throws RefusedException with a reason fit to send to the client: the name fails
     *     {@link SafePaths#checkName}, passes through a symbolic link, does not exist, or is not a
     *     readable regular file
     */
    public OpenedFile open(String name) throws RefusedException {
        SafePaths.checkName(name);
        List<String> segments = segments(name);
        if (segments.isEmpty()) {
            throw new RefusedException("is a directory: " + SafePaths.shown(name));
        }
        SecureDirectoryStream<Path> parent = directory;
        try {
            for (String segment : segments.subList(0, segments.size() - 1)) {
                SecureDirectoryStream<Path> next = enter(parent, segment, name);
                closeIfOwned(parent);
                parent = next;
            }
            OpenedFile file = OpenedFile.open(parent, parent != directory, segments.getLast(), name,
                    path.resolve(segments.size() == 1 ? segments.getFirst() : String.join("/", segments)));
            parent = directory; // the file owns it now
            return file;
        } finally {
            closeIfOwned(parent);
        }
    }

    /** The segments of a name, without empty ones and {@code .} ({@code ./a//b} is {@code a/b}). */
    private static List<String> segments(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** Opens a directory inside {@code parent}, not following a symbolic link. */
    private static SecureDirectoryStream<Path> enter(SecureDirectoryStream<Path> parent, String segment, String name)
            throws RefusedException {
        Path child = Path.of(segment);
        try {
            return parent.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RefusedException("no such file: " + SafePaths.shown(name));
        } catch (AccessDeniedException e) {
            throw new RefusedException("permission denied: " + SafePaths.shown(name));
        } catch (IOException e) {
            throw whyNotADirectory(parent, child, name); // a link, a file, or it went away
        }
    }

    /** The reason for a segment that did not open as a directory; only the message depends on it. */
    private static RefusedException whyNotADirectory(SecureDirectoryStream<Path> parent, Path child, String name) {
        try {
            BasicFileAttributes attributes = parent.getFileAttributeView(child, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (attributes.isSymbolicLink()) {
                return OpenedFile.symbolicLink(name);
            }
            return new RefusedException("cannot open " + SafePaths.shown(name) + ": not a directory");
        } catch (IOException e) {
            return new RefusedException("cannot open " + SafePaths.shown(name));
        }
    }

    private void closeIfOwned(SecureDirectoryStream<Path> stream) {
        if (stream != directory) {
            OpenedFile.closeQuietly(stream);
        }
    }

    @Override
    public void close() {
        OpenedFile.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "ServedRoot[" + path + "]";
    }
}
