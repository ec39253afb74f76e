package dev.socketserver.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The socket file of a Unix server: refuse to bind over an existing file unless the caller opted
 * in to replacing a stale socket (one nothing listens on), set its mode, and remove the file on
 * close while it is still the one this server made.
 */
public final class UnixSocketFile {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** Binds the server's socket once the path is free. */
    @FunctionalInterface
    public interface Binder {
        void bind() throws IOException;
    }

    /** Tells whether a server is still listening on an existing socket file. */
    @FunctionalInterface
    public interface LivenessProbe {
        boolean isListening(Path path) throws IOException;
    }

    private final Path path;
    private final LivenessProbe probe;
    private volatile @Nullable FileIdentity created; // the file this server's bind made

    /** The socket file at {@code path}, whose liveness {@code probe} tests. */
    public UnixSocketFile(Path path, LivenessProbe probe) {
        this.path = path;
        this.probe = probe;
    }

    /**
     * Makes the path free to bind ({@link #prepareToBind}), binds, remembers which file is ours
     * (device and inode), and gives it {@code permissions} when not null.
     */
    public void bind(boolean replaceStale, @Nullable Set<PosixFilePermission> permissions, Binder binder)
            throws IOException {
        prepareToBind(path, replaceStale, probe);
        binder.bind();
        FileIdentity identity = FileIdentity.of(path);
        created = identity;
        if (permissions != null) {
            applyMode(path, identity, permissions);
        }
    }

    /**
     * Removes the file on close, only if it is still the one this server created: once removed
     * and re-created (another server on the same path), it is that server's and stays. A file
     * swapped in between this check and the removal is the one window left (there is no
     * unlink-if-same-inode call).
     */
    public void removeIfCreated() {
        FileIdentity identity = created;
        if (identity == null) {
            return;
        }
        try {
            if (identity.equals(FileIdentity.of(path))) {
                Files.delete(path);
            } else {
                Logger.info("socket file {} is not the one this server created any more; left in place", path);
            }
        } catch (NoSuchFileException e) {
            Logger.debug("socket file {} was already removed", path);
        } catch (IOException e) {
            Logger.warn(e, "could not remove socket file {}", path);
        }
    }

    /**
     * Makes {@code path} free to bind.
     *
     * @throws FileAlreadyExistsException when the path exists and is not a stale socket the
     *     caller allowed to replace, with a message saying what to do
     */
    public static void prepareToBind(Path path, boolean replaceStale, LivenessProbe probe) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "exists and is not a socket; refusing to replace it");
        }
        if (!replaceStale) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "socket file already exists; remove it, or allow replacing a stale one (replaceStaleSocket)");
        }
        if (probe.isListening(path)) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "another server is listening on this socket file");
        }
        Files.delete(path);
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    /**
     * Sets {@code permissions} on the socket file this server just bound, only while the file at
     * {@code path} is still {@code created} (a socket, not a link put in its place).
     *
     * @throws IOException when the file was replaced meanwhile, or the change failed
     */
    private static void applyMode(Path path, FileIdentity created, Set<PosixFilePermission> permissions) throws IOException {
        if (!created.equals(FileIdentity.of(path))) {
            throw new IOException(path + " was replaced right after bind; not changing its mode");
        }
        // chmod by name: the JDK's no-follow variant opens the file, which a socket refuses (ENXIO).
        // The identity check above leaves a window only for someone who can write the directory.
        Files.setPosixFilePermissions(path, permissions);
        Logger.debug("socket file {} is {}", path, PosixFilePermissions.toString(permissions));
    }
}
