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
import java.util.Objects;
import org.jetbrains.annotations.Nullable;

/**
 * The served directory, held open, and the one way to open a client's file name in it: the name
 * is walked one segment at a time from the open directory ({@link SecureDirectoryStream}, which
 * is {@code openat(2)} on Linux), each directory opened relative to the one before and never
 * through a symbolic link, and the file opened relative to the last; on Linux, when the JVM lets
 * {@link NativeFiles} work, in one {@code openat2(2)} confined beneath the root with no link on
 * the way ({@link ConfinedOpen}). A rename racing the request
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
    private final @Nullable SecureDirectoryStream<Path> directory; // the JDK's way
    private final @Nullable RootDescriptor descriptor; // Linux's way (NativeFiles)

    private ServedRoot(Path path, @Nullable SecureDirectoryStream<Path> directory, @Nullable RootDescriptor descriptor) {
        this.path = path;
        this.directory = directory;
        this.descriptor = descriptor;
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
        return open(realRoot, NativeFiles.AVAILABLE);
    }

    /** Opens the root for {@link ConfinedOpen} ({@code nativeFiles}) or the JDK's segment-by-segment walk. */
    static ServedRoot open(Path realRoot, boolean nativeFiles) throws IOException {
        if (nativeFiles) {
            if (!NativeFiles.AVAILABLE) {
                throw new IllegalStateException("NativeFiles cannot work on this JVM or platform");
            }
            try {
                return new ServedRoot(realRoot, null, new RootDescriptor(realRoot.toString()));
            } catch (NativeFiles.ErrnoException e) {
                throw NativeFiles.ioException(e, realRoot.toString());
            }
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(realRoot);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new ServedRoot(realRoot, secure, null);
        }
        stream.close();
        throw new IOException("cannot serve " + realRoot + " safely: this platform has no SecureDirectoryStream");
    }

    /** The identity (device and inode) of the directory held open: {@link SharedRoots} compares it. */
    Object identity() throws IOException {
        if (descriptor != null) {
            try {
                return descriptor.use(NativeFiles::stat).version().identity();
            } catch (NativeFiles.ErrnoException e) {
                throw NativeFiles.ioException(e, path.toString());
            }
        }
        return requireKey(Objects.requireNonNull(directory).getFileAttributeView(BasicFileAttributeView.class).readAttributes());
    }

    /** The identity of the directory the root's path names now, following links as opening it by name does. */
    Object identityOfPath() throws IOException {
        if (descriptor != null) {
            try {
                return NativeFiles.stat(NativeFiles.AT_FDCWD, path.toString(), true).version().identity();
            } catch (NativeFiles.ErrnoException e) {
                throw NativeFiles.ioException(e, path.toString());
            }
        }
        return requireKey(Files.readAttributes(path, BasicFileAttributes.class));
    }

    private static Object requireKey(BasicFileAttributes attributes) {
        return Objects.requireNonNull(attributes.fileKey(), "this file system gives directories no file key");
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
        if (descriptor != null) {
            return ConfinedOpen.open(descriptor, path, name);
        }
        SecureDirectoryStream<Path> root = Objects.requireNonNull(directory);
        List<String> segments = segments(name);
        if (segments.isEmpty()) {
            throw new RefusedException("is a directory: " + SafePaths.shown(name));
        }
        SecureDirectoryStream<Path> parent = root;
        try {
            for (String segment : segments.subList(0, segments.size() - 1)) {
                SecureDirectoryStream<Path> next = enter(parent, segment, name);
                closeIfOwned(parent);
                parent = next;
            }
            OpenedFile file = OpenedFile.open(parent, parent != root, segments.getLast(), name,
                    path.resolve(segments.size() == 1 ? segments.getFirst() : String.join("/", segments)));
            parent = root; // the file owns it now
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
        if (descriptor != null) {
            descriptor.close();
        } else {
            OpenedFile.closeQuietly(directory);
        }
    }

    @Override
    public String toString() {
        return "ServedRoot[" + path + "]";
    }
}
