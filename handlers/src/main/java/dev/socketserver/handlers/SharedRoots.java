package dev.socketserver.handlers;

import dev.socketserver.Timers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
 * old descriptor is closed when its last connection ends. A root whose last connection has left
 * stays open for the linger (checked by the next connection like any held root), so that
 * connections one after another do not each open and close it; then it is closed: an idle
 * server holds none after the linger, and a root no server uses any more is not kept.
 */
final class SharedRoots {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, Shared> open = new HashMap<>(); // guarded by lock: roots in use or lingering
    private final long lingerNanos;
    private boolean closerQueued; // guarded by lock: a closeIdle is queued on the timer

    /** @param linger how long a root no connection uses stays open; zero closes it with its last connection */
    SharedRoots(Duration linger) {
        this.lingerNanos = linger.toNanos();
    }

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

    /** {@return how many roots are held open now, in use or lingering} For tests. */
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
        Shared replaced;
        lock.lock();
        try {
            replaced = open.put(realRoot, fresh);
            if (replaced != null && replaced.users > 0) {
                replaced = null; // closed by its last user, who will find it replaced
            }
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.root.close(); // lingering, no longer offered
        }
        return new Lease(fresh);
    }

    /** On the timer thread: closes the roots unused for the linger; queues itself again for the others. */
    private void closeIdle() {
        List<ServedRoot> expired = new ArrayList<>();
        long nextNanos = Long.MAX_VALUE;
        lock.lock();
        try {
            long now = System.nanoTime();
            for (Iterator<Shared> held = open.values().iterator(); held.hasNext();) {
                Shared shared = held.next();
                if (shared.users == 0) {
                    long left = lingerNanos - (now - shared.idleSince);
                    if (left <= 0) {
                        held.remove();
                        expired.add(shared.root);
                    } else {
                        nextNanos = Math.min(nextNanos, left);
                    }
                }
            }
            closerQueued = nextNanos != Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
        expired.forEach(ServedRoot::close);
        if (nextNanos != Long.MAX_VALUE) {
            Timers.schedule(this::closeIdle, nextNanos, TimeUnit.NANOSECONDS);
        }
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
        private long idleSince; // guarded by lock: when users last fell to 0

        Shared(Path realRoot, ServedRoot root, Object key) {
            this.realRoot = realRoot;
            this.root = root;
            this.key = key;
        }

        /**
         * One user less. After the last, a root still offered lingers (the closer queued unless it
         * is); one replaced meanwhile, or with no linger, is closed now (outside the lock: a close
         * is a system call).
         */
        void leave() {
            boolean close = false;
            boolean queueCloser = false;
            lock.lock();
            try {
                if (--users == 0) {
                    if (lingerNanos > 0 && open.get(realRoot) == this) {
                        idleSince = System.nanoTime();
                        queueCloser = !closerQueued;
                        closerQueued = true;
                    } else {
                        open.remove(realRoot, this);
                        close = true;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (close) {
                root.close();
            }
            if (queueCloser) {
                Timers.schedule(SharedRoots.this::closeIdle, lingerNanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
