package dev.socketserver.bench;

import dev.socketserver.handlers.Command;
import dev.socketserver.handlers.FileProtocol;
import dev.socketserver.handlers.FileVersion;
import dev.socketserver.handlers.OpenedFile;
import dev.socketserver.handlers.RefusedException;
import dev.socketserver.handlers.SafePaths;
import dev.socketserver.handlers.ServedRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.tinylog.Logger;

/**
 * What the two peers do with one command, with the handler's own parsing and path checks
 * ({@link Command}, {@link SafePaths}, {@link ServedRoot}) so that the per-request work matches
 * {@code FileDownloadHandler}'s and the comparison measures the server around it.
 */
final class PeerRequest {

    private PeerRequest() {
    }

    /** A file opened for sending: its version (for the digest), channel, and MD5. */
    record OpenFile(OpenedFile file, String md5) implements AutoCloseable {

        FileVersion version() {
            return file.version();
        }

        FileChannel channel() {
            return file.channel();
        }

        /** Whether the file is still the version that was announced (the handler checks this too). */
        boolean unchanged() throws IOException {
            return file.unchanged();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /**
     * Opens the file a command names.
     *
     * @throws RefusedException with the reason to send back in an {@code ERR} line
     */
    static OpenFile open(ServedRoot root, byte[] bytes, int length, FileDigests digests) throws RefusedException {
        String name = Command.parse(Arrays.copyOf(bytes, length)).name();
        OpenedFile file = root.open(name);
        try {
            return new OpenFile(file, digests.md5(file.version(), file.channel()));
        } catch (IOException e) {
            closeQuietly(file);
            throw new RefusedException("cannot read " + name);
        }
    }

    private static void closeQuietly(OpenedFile file) {
        try {
            file.close();
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
