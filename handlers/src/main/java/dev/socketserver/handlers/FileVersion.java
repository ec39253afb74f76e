package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * One version of a file: its identity (device and inode where the file system has them, else
 * the path), size and modification time. Two equal versions are taken to have equal contents,
 * which is what lets a digest be cached; a write that keeps size and modification time (to the
 * nanosecond on current Linux file systems) would go unnoticed.
 *
 * @param identity the file key, or the path when the file system gives none
 * @param size the size in bytes
 * @param modified the last modification time
 * @param regularFile whether it is a regular file (not a directory, device, FIFO or link)
 */
public record FileVersion(Object identity, long size, FileTime modified, boolean regularFile) {

    /**
     * Reads the current version of {@code file}, without following a final symbolic link.
     *
     * @param file the file (or link) to look at
     * @return its identity, size, modification time and kind now
     * @throws IOException when its attributes cannot be read (it is gone, or not readable)
     */
    public static FileVersion of(Path file) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), file);
    }

    /**
     * Written out rather than generated: a record's own {@code equals} and {@code hashCode}
     * bootstrap through {@code ObjectMethods} on their first call, which spins some 17 classes
     * (~15 ms) in every forked child on its request's path, and the AOT cache does not keep them.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileVersion that && size == that.size && regularFile == that.regularFile
                && identity.equals(that.identity) && modified.equals(that.modified);
    }

    @Override
    public int hashCode() {
        return ((identity.hashCode() * 31 + Long.hashCode(size)) * 31 + modified.hashCode()) * 31
                + Boolean.hashCode(regularFile);
    }

    /** The version these attributes describe; {@code name} stands in for a missing file key. */
    static FileVersion of(BasicFileAttributes attributes, Object name) {
        Object key = attributes.fileKey();
        return new FileVersion(key != null ? key : name, attributes.size(), attributes.lastModifiedTime(),
                attributes.isRegularFile());
    }
}
