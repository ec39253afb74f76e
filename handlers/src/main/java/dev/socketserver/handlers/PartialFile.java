package dev.socketserver.handlers;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * A download in progress: a hidden temporary file beside the target, moved into place only by
 * {@link #commit}, deleted by {@link #close()} otherwise, so that a failed download leaves
 * nothing behind and never touches an existing file.
 *
 * <p>A process stopped by a signal does not unwind its threads: {@link #abandonAll()}, run from a
 * shutdown hook, deletes the files still open. It and {@link #commit} exclude each other, so a
 * file is either moved into place whole or deleted, never deleted after it was reported saved.
 */
final class PartialFile implements Closeable {

    /** The files not yet committed or closed, for {@link #abandonAll()}. */
    private static final Set<PartialFile> OPEN = ConcurrentHashMap.newKeySet();

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    /** Held while the file is moved into place or deleted: the rename is short. */
    private final ReentrantLock finishing = new ReentrantLock();
    private boolean committed;
    private boolean abandoned;

    private PartialFile(Path target, Path temp, OutputStream out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /**
     * Creates the temporary file in the target's directory (same file system, so the final
     * rename is atomic), with the permissions a newly created file gets there.
     */
    static PartialFile beside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path temp = dir.resolve("." + target.getFileName() + "." + suffix + ".part");
            try {
                PartialFile partial = new PartialFile(target, temp, Files.newOutputStream(temp,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
                OPEN.add(partial);
                return partial;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    void write(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
    }

    /**
     * Moves the file into place. Without {@code overwrite}, an existing target is never
     * replaced, checked atomically with a hard link where the file system has them.
     *
     * @throws FileAlreadyExistsException when the target exists and {@code overwrite} is false
     */
    void commit(boolean overwrite) throws IOException {
        finishing.lock();
        try {
            if (abandoned) {
                throw new IOException("the download was stopped; " + temp + " is deleted");
            }
            moveIntoPlace(overwrite);
            committed = true;
        } finally {
            finishing.unlock();
            OPEN.remove(this);
        }
    }

    private void moveIntoPlace(boolean overwrite) throws IOException {
        out.close();
        if (overwrite) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            try {
                Files.createLink(target, temp); // fails if the target exists, atomically
                Files.delete(temp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                Logger.debug("no hard links at {} ({}); renaming without the atomic existence check", target, e);
                Files.move(temp, target);
            }
        }
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
        finishing.lock();
        try {
            if (!committed) {
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } finally {
            finishing.unlock();
            OPEN.remove(this);
        }
    }

    /**
     * Deletes every temporary file of this JVM not yet moved into place, for a shutdown hook; a
     * {@link #commit} in progress finishes first (that file is then kept), a later one fails.
     *
     * @return the targets whose downloads were abandoned
     */
    static List<Path> abandonAll() {
        List<Path> abandonedTargets = new ArrayList<>();
        for (PartialFile partial : OPEN) {
            if (partial.abandon()) {
                abandonedTargets.add(partial.target);
            }
        }
        return abandonedTargets;
    }

    private boolean abandon() {
        finishing.lock();
        try {
            if (committed || abandoned) {
                return false;
            }
            abandoned = true;
            Files.deleteIfExists(temp); // the writing thread, if any, goes on into an unlinked file
            return true;
        } catch (IOException e) {
            Logger.warn(e, "cannot remove the partial download {}", temp);
            return true;
        } finally {
            finishing.unlock();
            OPEN.remove(this);
        }
    }
}
