package dev.socketserver.handlers;

import dev.socketserver.Printable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * A file of the served root, opened by {@link ServedRoot#open}: a channel to read it (and
 * {@code transferTo} from) and its {@linkplain #version() version}. The version is read relative
 * to the open directory the file was opened in, just before and just after the open, and must be
 * the same both times and match the size of what was opened; later checks read it there again.
 * The JDK has no {@code fstat} of an open channel, so a file swapped for another one of the
 * same size in that same directory and swapped back between the two reads would go unnoticed:
 * only by someone who may rename files of that directory, inside the root.
 */
public final class OpenedFile implements AutoCloseable {

    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final SecureDirectoryStream<Path> directory;
    private final boolean ownsDirectory;
    private final Path name;
    private final Path path;
    private final FileChannel channel;
    private final FileVersion version;

    private OpenedFile(SecureDirectoryStream<Path> directory, boolean ownsDirectory, Path name, Path path,
            FileChannel channel, FileVersion version) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.name = name;
        this.path = path;
        this.channel = channel;
        this.version = version;
    }

    /**
     * Opens {@code last} in {@code directory}, which it then closes with itself when it owns it.
     *
     * @param requested the client's whole name, for refusals
     * @param path where the name leads under the root's path (to read the link count)
     */
    static OpenedFile open(SecureDirectoryStream<Path> directory, boolean ownsDirectory, String last,
            String requested, Path path) throws RefusedException {
        Path name = Path.of(last);
        BasicFileAttributeView view = directory.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = null;
        try {
            BasicFileAttributes before = view.readAttributes();
            if (before.isSymbolicLink()) {
                throw symbolicLink(requested);
            }
            if (before.isDirectory()) {
                throw new RefusedException("is a directory: " + SafePaths.shown(requested));
            }
            if (!before.isRegularFile()) {
                throw new RefusedException("not a regular file: " + SafePaths.shown(requested));
            }
            if (requested.endsWith("/")) { // open(2) would say so: a file is not a directory
                throw new RefusedException("not a directory: " + SafePaths.shown(requested));
            }
            channel = (FileChannel) directory.newByteChannel(name, READ_NOFOLLOW);
            FileVersion version = FileVersion.of(before, path);
            if (!FileVersion.of(view.readAttributes(), path).equals(version) || channel.size() != version.size()) {
                throw new RefusedException("file changed while being opened; try again: "
                        + SafePaths.shown(requested));
            }
            return new OpenedFile(directory, ownsDirectory, name, path, channel, version);
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw new RefusedException("no such file: " + SafePaths.shown(requested));
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            throw new RefusedException("permission denied: " + SafePaths.shown(requested));
        } catch (IOException e) {
            closeQuietly(channel);
            Logger.debug("cannot open {}: {}", SafePaths.shown(requested), Printable.of(e));
            // O_NOFOLLOW: a file swapped for a link between the two steps fails here (ELOOP)
            throw new RefusedException("cannot open " + SafePaths.shown(requested));
        } catch (RefusedException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static RefusedException symbolicLink(String requested) {
        return new RefusedException("symbolic links are not served: " + SafePaths.shown(requested));
    }

    /** {@return the channel to read the file through} */
    public FileChannel channel() {
        return channel;
    }

    /** {@return the version of the file when it was opened} */
    public FileVersion version() {
        return version;
    }

    /**
     * Reads the version under the file's name in its (open) directory now.
     *
     * @return that version; another file's if the name was replaced
     * @throws IOException when the name is gone or its attributes cannot be read
     */
    public FileVersion current() throws IOException {
        return FileVersion.of(directory.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes(), path);
    }

    /**
     * Compares the version under the name now with the one that was opened.
     *
     * @return whether the name still leads to the version that was opened (a write, or a
     *     replacement, says no)
     * @throws IOException when the name is gone or its attributes cannot be read
     */
    public boolean unchanged() throws IOException {
        return current().equals(version);
    }

    /**
     * How many names (hard links) the opened file has. The JDK reads a link count only by path, so
     * it is read by the path under the root and trusted only when that path leads to the very
     * file that was opened (same device and inode) at that moment.
     *
     * @return the opened file's link count: 1 unless it has other names
     * @throws RefusedException when the path now leads elsewhere (renamed meanwhile)
     */
    public long links() throws RefusedException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) { // gone, or a directory on the way swapped for a link: not the file
            attributes = Map.of();
        }
        if (!version.identity().equals(attributes.get("fileKey"))) {
            throw new RefusedException("file changed while being opened; try again: " + path.getFileName());
        }
        return ((Number) attributes.get("nlink")).longValue();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (ownsDirectory) {
                closeQuietly(directory);
            }
        }
    }

    static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            Logger.debug("closing {} failed: {}", closeable, e.toString());
        }
    }
}
