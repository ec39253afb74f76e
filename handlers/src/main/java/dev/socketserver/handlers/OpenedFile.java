package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.tinylog.Logger;

/**
 * A file of the served root, opened by {@link ServedRoot#open}: a channel to read it (and
 * {@code transferTo} from), and a descriptor that pins the very same inode, from which its
 * {@linkplain #version() version} is read, at open and again after a send. No name is looked up
 * again once it is open, so a rename cannot change what is described or sent.
 */
public final class OpenedFile implements AutoCloseable {

    private final int descriptor;
    private final FileChannel channel;
    private final LinuxFiles.Stat opened;

    OpenedFile(int descriptor, FileChannel channel, LinuxFiles.Stat opened) {
        this.descriptor = descriptor;
        this.channel = channel;
        this.opened = opened;
    }

    /** The channel to read the file through. */
    public FileChannel channel() {
        return channel;
    }

    /** The version of the file when it was opened. */
    public FileVersion version() {
        return opened.version();
    }

    /** How many names (hard links) the file had when it was opened. */
    public long links() {
        return opened.links();
    }

    /** The version of the opened file now (it may have been written to meanwhile). */
    public FileVersion current() throws IOException {
        return LinuxFiles.statx(descriptor).version();
    }

    /** Whether the file is still the version it was when it was opened. */
    public boolean unchanged() throws IOException {
        return current().equals(version());
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (LinuxFiles.close(descriptor) != 0) {
                Logger.warn("closing the descriptor {} of an opened file failed", descriptor);
            }
        }
    }
}
