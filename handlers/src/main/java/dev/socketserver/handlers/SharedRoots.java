package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;

/**
 * One open descriptor of a served root for all the connections that use it at the same time,
 * instead of one per connection: opening a directory stream costs seven system calls
 * ({@code openat}, {@code dup}, {@code fstat}, two {@code fcntl}, two {@code close}), a
 * quarter of a new connection's. A connection that finds the root open checks with one
 * {@code stat} of the root's path that the path still names that directory, so each connection
 * serves the directory its root's path names when it begins, as when it opened its own: a root
 * replaced under its path (renamed away, a new directory in its place) is opened afresh, and the
 * old descriptor is closed when its last connection ends. The last connection to leave closes
 * the descriptor: an idle server holds none, and a root no server uses any more is not kept.
 */
final class SharedRoots {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, Shared> open = new HashMap<>(); // guarded by lock: only roots in use

    /** A connection's use of an open root; closing it ends the use (a second close does nothing). */
    static final class Lease implements AutoCloseable {
        private final Shared shared;
        private boolean closed; // one connection's thread only

        private Lease(Shared shared) {
            this.shared = shared;
        }

        /** {@return the open root, valid until this lease is closed} */
        ServedRoot root() {
            return shared.root;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                shared.leave();
            }
        }
    }

    /**
     * The open root for {@code realRoot}, opened now unless a connection holds it open and the path
     * still names that directory.
     *
     * @throws IOException when the root cannot be opened (or its path no longer resolves)
     */
    Lease lease(Path realRoot) throws IOException {
        Shared held = join(realRoot);
        if (held != null) {
            boolean same;
            try {
                same = held.key.equals(keyByName(realRoot));
            } catch (IOException | RuntimeException e) {
                held.leave();
                throw e;
            }
            if (same) {
                return new Lease(held);
            }
            held.leave();
        }
        return install(realRoot, ServedRoot.open(realRoot));
    }

    /** {@return how many roots are held open now} For tests. */
    int openCount() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    private @Nullable Shared join(Path realRoot) {
        lock.lock();
        try {
            Shared held = open.get(realRoot);
            if (held != null) {
                held.users++;
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** The fresh root replaces any earlier one for new connections; the earlier one closes with its last user. */
    private Lease install(Path realRoot, ServedRoot root) throws IOException {
        Object key;
        try {
            key = keyOf(root);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
        Shared fresh = new Shared(realRoot, root, key);
        lock.lock();
        try {
            open.put(realRoot, fresh);
        } finally {
            lock.unlock();
        }
        return new Lease(fresh);
    }

    /** The identity of the directory the descriptor holds ({@code fstat}), not of what its path names now. */
    private static Object keyOf(ServedRoot root) throws IOException {
        SecureDirectoryStream<Path> directory = root.directory();
        BasicFileAttributes attributes = directory.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
        return Objects.requireNonNull(attributes.fileKey(), "this file system gives directories no file key");
    }

    /** The identity of the directory the path names now, following links as opening it by name does. */
    private static Object keyByName(Path realRoot) throws IOException {
        return Objects.requireNonNull(Files.readAttributes(realRoot, BasicFileAttributes.class).fileKey(),
                "this file system gives directories no file key");
    }

    /** One open root and how many connections use it. */
    private final class Shared {
        private final Path realRoot;
        private final ServedRoot root;
        private final Object key;
        private int users = 1; // guarded by lock

        Shared(Path realRoot, ServedRoot root, Object key) {
            this.realRoot = realRoot;
            this.root = root;
            this.key = key;
        }

        /** One user less; the last one closes the descriptor (outside the lock: a close is a system call). */
        void leave() {
            boolean last;
            lock.lock();
            try {
                last = --users == 0;
                if (last) {
                    open.remove(realRoot, this);
                }
            } finally {
                lock.unlock();
            }
            if (last) {
                root.close();
            }
        }
    }
}
