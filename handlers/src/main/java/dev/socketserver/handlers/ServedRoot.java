package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tinylog.Logger;

/**
 * The served directory, held open, and the one way to open a client's file name in it: the kernel
 * resolves the name beneath the directory's descriptor ({@code openat2} with
 * {@code RESOLVE_BENEATH}), so a rename or a swapped-in symbolic link can at worst make the name
 * fail, never lead out of the root, and the file is then described and read through what was
 * opened, never through its name again. Symbolic links that stay inside the root are followed;
 * an absolute one, or one whose {@code ..} climbs above the root, is refused. Linux 5.6 or later.
 *
 * <pre>{@code
 * try (ServedRoot root = ServedRoot.open(SafePaths.realRoot(Path.of("sample-files")));
 *      OpenedFile file = root.open("docs/notes.txt")) {
 *     long size = file.version().size();
 *     FileBody.transfer(file.channel(), size, () -> socket);
 * }
 * }</pre>
 *
 * <p>Any number of threads may call {@link #open} at once; close it after the last call.
 */
public final class ServedRoot implements AutoCloseable {

    /** {@code openat2} says EAGAIN when a rename raced its {@code ..} check; a few retries are plenty. */
    private static final int ATTEMPTS = 8;

    private final Path path;
    private final int descriptor;

    private ServedRoot(Path path, int descriptor) {
        this.path = path;
        this.descriptor = descriptor;
    }

    /**
     * Opens the directory to serve.
     *
     * @param realRoot the root as returned by {@link SafePaths#realRoot}
     * @throws IOException when it cannot be opened, is not a directory, or the kernel has no
     *     {@code openat2} (before Linux 5.6)
     */
    public static ServedRoot open(Path realRoot) throws IOException {
        int descriptor;
        try {
            descriptor = LinuxFiles.openPath(LinuxFiles.AT_FDCWD, realRoot.toString(), 0);
        } catch (LinuxFiles.ErrnoException e) {
            throw new IOException(e.errno() == LinuxFiles.ENOSYS
                    ? "serving files needs openat2(2), Linux 5.6 or later" : "cannot open the served root " + realRoot, e);
        }
        ServedRoot root = new ServedRoot(realRoot, descriptor);
        try {
            if (!LinuxFiles.statx(descriptor).directory()) {
                throw new IOException("served root " + realRoot + " is not a directory");
            }
        } catch (IOException e) {
            root.close();
            throw e;
        }
        return root;
    }

    /** The root's path, as it was given. */
    public Path path() {
        return path;
    }

    /**
     * Opens a regular file by a client's name.
     *
     * @throws RefusedException with a reason fit to send to the client: the name fails
     *     {@link SafePaths#checkName}, leads out of the root, does not exist, or is not a
     *     readable regular file
     */
    public OpenedFile open(String name) throws RefusedException {
        SafePaths.checkName(name);
        int file = resolve(name);
        try {
            LinuxFiles.Stat stat = LinuxFiles.statx(file);
            if (stat.directory()) {
                throw new RefusedException("is a directory: " + SafePaths.shown(name));
            }
            if (!stat.regularFile()) {
                throw new RefusedException("not a regular file: " + SafePaths.shown(name));
            }
            // The descriptor pins the inode; this opens that inode for reading, not a name.
            FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + file), StandardOpenOption.READ);
            return new OpenedFile(file, channel, stat);
        } catch (AccessDeniedException e) {
            closeQuietly(file);
            throw new RefusedException("permission denied: " + SafePaths.shown(name));
        } catch (IOException e) {
            closeQuietly(file);
            Logger.debug("cannot open {}: {}", SafePaths.shown(name), e.toString());
            throw new RefusedException("cannot open " + SafePaths.shown(name));
        } catch (RefusedException | RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /** A descriptor ({@code O_PATH}) of what the name leads to, beneath the root. */
    private int resolve(String name) throws RefusedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return LinuxFiles.openPath(descriptor, name, LinuxFiles.RESOLVE_BENEATH | LinuxFiles.RESOLVE_NO_MAGICLINKS);
            } catch (LinuxFiles.ErrnoException e) {
                if (e.errno() != LinuxFiles.EAGAIN || attempt == ATTEMPTS) {
                    throw refusal(name, e.errno());
                }
            }
        }
    }

    private static RefusedException refusal(String name, int errno) {
        String shown = SafePaths.shown(name);
        return new RefusedException(switch (errno) {
            case LinuxFiles.ENOENT -> "no such file: " + shown;
            case LinuxFiles.EACCES -> "permission denied: " + shown;
            case LinuxFiles.EXDEV -> "outside the served directory: " + shown;
            case LinuxFiles.ELOOP -> "cannot open " + shown + ": too many levels of symbolic links";
            case LinuxFiles.ENAMETOOLONG -> "cannot open " + shown + ": file name too long";
            case LinuxFiles.ENOTDIR -> name.endsWith("/") ? "not a directory: " + shown
                    : "cannot open " + shown + ": not a directory";
            case LinuxFiles.EAGAIN -> "the served directory kept changing; try again: " + shown;
            default -> "cannot open " + shown + " (errno " + errno + ")";
        });
    }

    private static void closeQuietly(int file) {
        if (LinuxFiles.close(file) != 0) {
            Logger.warn("closing the descriptor {} of a refused file failed", file);
        }
    }

    @Override
    public void close() {
        closeQuietly(descriptor);
    }
}
