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
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.Logger;

/**
 * A download in progress: a hidden temporary file beside the target, moved into place only by
 * {@link #commit}, deleted by {@link #close()} otherwise, so that a failed download leaves
 * nothing behind and never touches an existing file.
 */
final class PartialFile implements Closeable {

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

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
                return new PartialFile(target, temp, Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
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
        committed = true;
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
