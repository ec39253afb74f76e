package dev.socketserver.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * The socket file of a Unix server: refuse to bind over an existing file unless the caller opted
 * in to replacing a stale socket (one nothing listens on), and remove the file on close.
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
    private volatile boolean created;

    /** The socket file at {@code path}, whose liveness {@code probe} tests. */
    public UnixSocketFile(Path path, LivenessProbe probe) {
        this.path = path;
        this.probe = probe;
    }

    /** Makes the path free to bind ({@link #prepareToBind}), binds, and remembers the file is ours. */
    public void bind(boolean replaceStale, Binder binder) throws IOException {
        prepareToBind(path, replaceStale, probe);
        binder.bind();
        created = true;
    }

    /** Removes the file on close, only if this server created it. */
    public void removeIfCreated() {
        if (created) {
            removeQuietly(path);
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

    /** Removes the socket file a server created, if it is still there; a failure is logged. */
    public static void removeQuietly(Path path) {
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && isSocket(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            Logger.warn(e, "could not remove socket file {}", path);
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }
}
