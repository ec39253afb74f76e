package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * One version of a file: its identity (device and inode), size and modification time. Two equal
 * versions are taken to have equal contents, which is what lets a digest be cached; a write that
 * keeps size and modification time (to the nanosecond on current Linux file systems) would go
 * unnoticed. The file server takes it from the open descriptor ({@link OpenedFile#version()}),
 * never from the name again.
 *
 * @param identity the file's device and inode
 * @param size the size in bytes
 * @param modified the last modification time
 * @param regularFile whether it is a regular file (not a directory, device, FIFO or link)
 */
public record FileVersion(Identity identity, long size, FileTime modified, boolean regularFile) {

    /** Which file: the device it lives on and its inode there. */
    public record Identity(long device, long inode) {
    }

    /** Reads the current version of the file at {@code file}, without following a final symbolic link. */
    public static FileVersion of(Path file) throws IOException {
        return LinuxFiles.statx(file.toString()).version();
    }
}
