package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import org.jetbrains.annotations.Nullable;

/**
 * The rest of the reply for a small file whose digest is cached: the body read into memory with
 * the digest after it, to go out in one write. For a few KiB the copy costs less than what
 * zero-copy needs around it: {@link FileChannel#transferTo} asks the file's size ({@code fstat})
 * and tries {@code copy_file_range(2)} (which fails for a socket) before {@code sendfile(2)}, and
 * the digest then follows in a write, and a TCP segment, of its own. Three system calls and a
 * segment instead of five calls and two segments; larger bodies still go out with
 * {@link FileBody#transfer}.
 */
final class SmallBody {

    /** The largest body read into memory: the copies grow with the size, the calls saved do not. */
    static final int MAX_BYTES = 8 * 1024;

    private SmallBody() {
    }

    /** Whether a body of {@code size} bytes is sent this way. */
    static boolean fits(long size) {
        return size <= MAX_BYTES;
    }

    /**
     * Reads the first {@code size} bytes of {@code file} (positional reads: the channel's position
     * does not move) followed by the digest's ASCII bytes.
     *
     * @return null when the file ended before {@code size} bytes (it shrank meanwhile)
     */
    static byte @Nullable [] withDigest(FileChannel file, int size, String digest) throws IOException {
        byte[] reply = new byte[size + digest.length()];
        ByteBuffer body = ByteBuffer.wrap(reply, 0, size);
        while (body.hasRemaining()) {
            if (file.read(body, body.position()) < 0) {
                return null;
            }
        }
        byte[] hex = digest.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, reply, size, hex.length);
        return reply;
    }
}
