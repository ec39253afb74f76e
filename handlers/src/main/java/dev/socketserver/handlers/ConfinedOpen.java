package dev.socketserver.handlers;

import dev.socketserver.handlers.NativeFiles.ErrnoException;
import dev.socketserver.handlers.NativeFiles.Stat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Opens a client's name beneath a served root's descriptor with {@link NativeFiles} (Linux): a
 * {@code statx} of the name first, so that a FIFO, a device, a directory or a link is refused
 * without being opened, then {@code openat2} confined beneath the root with no symbolic link on
 * the way (the confinement: the first look follows links on the way, and only decides whether to
 * open), then {@code statx} of the opened descriptor, whose version must be the one looked at.
 * Three system calls where the JDK's way makes four, and the version is read from what was opened,
 * not from its name. A refusal's reason is read the same way without opening anything
 * ({@code O_PATH}), so the reasons are {@link ServedRoot}'s JDK path's.
 */
final class ConfinedOpen {

    private ConfinedOpen() {
    }

    /** Opens {@code name} beneath {@code root} (whose path is {@code rootPath}). */
    static OpenedFile open(RootDescriptor root, Path rootPath, String name) throws RefusedException {
        return root.use(fd -> open(fd, root, rootPath, name));
    }

    private static OpenedFile open(int root, RootDescriptor descriptor, Path rootPath, String name)
            throws RefusedException {
        Stat before;
        try {
            before = NativeFiles.stat(root, name, false);
        } catch (ErrnoException e) {
            throw refusal(root, name);
        }
        if (!before.regularFile() || name.endsWith("/")) {
            throw refusal(root, name);
        }
        int fd;
        try {
            fd = NativeFiles.openBeneath(root, name, false);
        } catch (ErrnoException e) {
            throw switch (e.errno()) {
                case NativeFiles.EACCES -> new RefusedException("permission denied: " + SafePaths.shown(name));
                case NativeFiles.ELOOP -> OpenedFile.symbolicLink(name); // a link on the way
                default -> refusal(root, name);
            };
        }
        boolean handedOver = false;
        try {
            Stat opened = NativeFiles.stat(fd);
            if (!opened.version().equals(before.version())) {
                throw changed(name);
            }
            FileChannel channel = NativeFiles.channel(fd, rootPath + "/" + name);
            handedOver = true;
            return new OpenedFile(channel, opened.version(), new RootEntry(descriptor, name));
        } catch (ErrnoException e) {
            throw new RefusedException("cannot open " + SafePaths.shown(name));
        } finally {
            if (!handedOver) {
                NativeFiles.close(fd);
            }
        }
    }

    private static RefusedException changed(String name) {
        return new RefusedException("file changed while being opened; try again: " + SafePaths.shown(name));
    }

    /** Why {@code name} is not served: looked at beneath the root without opening it or following a link. */
    private static RefusedException refusal(int root, String name) {
        int fd;
        try {
            fd = NativeFiles.openBeneath(root, name, true);
        } catch (ErrnoException e) {
            return switch (e.errno()) {
                case NativeFiles.ENOENT -> new RefusedException("no such file: " + SafePaths.shown(name));
                case NativeFiles.EACCES -> new RefusedException("permission denied: " + SafePaths.shown(name));
                case NativeFiles.ELOOP -> OpenedFile.symbolicLink(name);
                case NativeFiles.ENOTDIR -> notADirectory(root, name);
                default -> new RefusedException("cannot open " + SafePaths.shown(name));
            };
        }
        try {
            Stat stat = NativeFiles.stat(fd);
            if (stat.symbolicLink()) {
                return OpenedFile.symbolicLink(name);
            }
            if (stat.directory()) {
                return new RefusedException("is a directory: " + SafePaths.shown(name));
            }
            if (!stat.regularFile()) {
                return new RefusedException("not a regular file: " + SafePaths.shown(name));
            }
            return changed(name); // a regular file now: it was something else a moment ago
        } catch (ErrnoException e) {
            return new RefusedException("cannot open " + SafePaths.shown(name));
        } finally {
            NativeFiles.close(fd);
        }
    }

    /** {@code file/} names a regular file as a directory; {@code file/child} goes through one. */
    private static RefusedException notADirectory(int root, String name) {
        String bare = name.replaceAll("/+$", "");
        if (!bare.equals(name) && !bare.isEmpty()) {
            try {
                int fd = NativeFiles.openBeneath(root, bare, true);
                try {
                    if (NativeFiles.stat(fd).regularFile()) {
                        return new RefusedException("not a directory: " + SafePaths.shown(name));
                    }
                } finally {
                    NativeFiles.close(fd);
                }
            } catch (ErrnoException e) {
                // not a file either: a segment before it is
            }
        }
        return new RefusedException("cannot open " + SafePaths.shown(name) + ": not a directory");
    }

    /**
     * The opened file's name beneath the root, read again by {@code statx} relative to the root's
     * descriptor: whether the name still leads to the version that was opened. Links on the way
     * are followed here, which cannot lead to a false "unchanged": that needs the very file (device
     * and inode), size and time that were opened.
     */
    private record RootEntry(RootDescriptor root, String name) implements OpenedFile.NameLookup {

        @Override
        public FileVersion current() throws IOException {
            return statByName().version();
        }

        @Override
        public long links(FileVersion opened) throws RefusedException {
            Stat now;
            try {
                now = statByName();
            } catch (IOException e) { // gone, or not reachable by its name: not the file
                throw changed(name);
            }
            if (!now.version().identity().equals(opened.identity())) {
                throw changed(name);
            }
            return now.links();
        }

        private Stat statByName() throws IOException {
            try {
                return root.use(fd -> NativeFiles.stat(fd, name, false));
            } catch (ErrnoException e) {
                throw NativeFiles.ioException(e, name);
            }
        }

        @Override
        public void close() {
            // the root's descriptor is the served root's, closed with it
        }
    }
}
