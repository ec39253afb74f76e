package dev.socketserver.bench;

import dev.socketserver.handlers.Command;
import dev.socketserver.handlers.FileProtocol;
import dev.socketserver.handlers.FileVersion;
import dev.socketserver.handlers.RefusedException;
import dev.socketserver.handlers.SafePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * What the two peers do with one command, with the handler's own parsing and path checks
 * ({@link Command}, {@link SafePaths}) so that the per-request work matches
 * {@code FileDownloadHandler}'s and the comparison measures the server around it.
 */
final class PeerRequest {

    private PeerRequest() {
    }

    /** A file opened for sending: its version (for the digest), channel, and MD5. */
    record OpenFile(Path path, FileVersion version, FileChannel channel, String md5) implements AutoCloseable {

        /** Whether the file is still the version that was announced (the handler checks this too). */
        boolean unchanged() throws IOException {
            return FileVersion.of(path).equals(version);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens the file a command names.
     *
     * @throws RefusedException with the reason to send back in an {@code ERR} line
     */
    static OpenFile open(Path realRoot, byte[] bytes, int length, FileDigests digests) throws RefusedException {
        Path file = SafePaths.resolve(realRoot, Command.parse(Arrays.copyOf(bytes, length)).name());
        @Nullable FileChannel channel = null;
        try {
            FileVersion version = FileVersion.of(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new OpenFile(file, version, channel, digests.md5(version, channel));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RefusedException("cannot open " + file.getFileName());
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was sent from it; the refusal that follows says what went wrong.
            Logger.debug(e, "closing a file that failed to open fully");
        }
    }

    /** The {@code ERR} line for a refusal. */
    static byte[] errorReply(RefusedException refusal) {
        return FileProtocol.errorReply(refusal.reason());
    }
}
