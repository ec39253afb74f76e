package dev.socketserver.handlers;

import dev.socketserver.handlers.NativeFiles.ErrnoException;
import java.nio.file.ClosedDirectoryStreamException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A served root's open descriptor for {@link ConfinedOpen}: each use holds a read lock, the close
 * the write lock, as the JDK's {@code SecureDirectoryStream} does, so that a close never lets a
 * call in progress reach a reused descriptor number, and a use after the close fails with
 * {@link ClosedDirectoryStreamException} like the JDK's stream.
 */
final class RootDescriptor implements AutoCloseable {

    private final int fd;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    /** Opens {@code path}, a directory, following links. */
    RootDescriptor(String path) throws ErrnoException {
        this.fd = NativeFiles.openDirectory(path);
    }

    /** A call with the root's descriptor. */
    interface Use<T, E extends Exception> {
        T apply(int root) throws E;
    }

    /**
     * Runs {@code use} with the descriptor, which stays open until it returns.
     *
     * @throws ClosedDirectoryStreamException when the root was closed
     */
    <T, E extends Exception> T use(Use<T, E> use) throws E {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedDirectoryStreamException();
            }
            return use.apply(fd);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                NativeFiles.close(fd);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
