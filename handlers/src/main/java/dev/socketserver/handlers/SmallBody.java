package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jetbrains.annotations.Nullable;

/**
 * The rest of the reply for a small file whose digest is cached: the body read into memory with
 * the digest after it, to go out in one write. For a few KiB the copy costs less than what
 * zero-copy needs around it: {@link FileChannel#transferTo} asks the file's size ({@code fstat})
 * and tries {@code copy_file_range(2)} (which fails for a socket) before {@code sendfile(2)}, and
 * the digest then follows in a write, and a TCP segment, of its own. Three system calls and a
 * segment instead of five calls and two segments; larger bodies still go out with
 * {@link FileBody#transfer}. The memory is one of {@link ReplyBuffers}, given back by
 * {@link #release} once the reply is sent.
 */
final class SmallBody {

    /** The largest body read into memory: the copies grow with the size, the calls saved do not. */
    static final int MAX_BYTES = 8 * 1024;
    /** An MD5 digest in hex, the one digest the protocol sends. */
    static final int DIGEST_CHARS = 32;
    /** Enough for the requests a 2-core server has in flight at once; more take heap buffers. */
    private static final int KEPT_BUFFERS = 64;
    static final ReplyBuffers BUFFERS = new ReplyBuffers(MAX_BYTES + DIGEST_CHARS, KEPT_BUFFERS);

    private SmallBody() {
    }

    /** Whether a body of {@code size} bytes is sent this way. */
    static boolean fits(long size) {
        return size <= MAX_BYTES;
    }

    /**
     * Reads the first {@code size} bytes of {@code file} (positional reads: the channel's position
     * does not move) followed by the digest's ASCII bytes, into a buffer ready to be written.
     *
     * @return the buffer, for {@link #release} once sent; null when the file ended before
     *     {@code size} bytes (it shrank meanwhile), the buffer then already given back
     */
    static @Nullable ByteBuffer withDigest(FileChannel file, int size, String digest) throws IOException {
        if (!fits(size) || digest.length() != DIGEST_CHARS) {
            throw new IllegalArgumentException("a small body is at most " + MAX_BYTES + " bytes with a "
                    + DIGEST_CHARS + "-character digest, got " + size + " and " + digest.length());
        }
        ByteBuffer reply = BUFFERS.take();
        boolean filled = false;
        try {
            reply.limit(size);
            while (reply.hasRemaining()) {
                if (file.read(reply, reply.position()) < 0) {
                    return null;
                }
            }
            reply.limit(size + DIGEST_CHARS);
            for (int i = 0; i < DIGEST_CHARS; i++) {
                reply.put((byte) digest.charAt(i)); // hex digits: ASCII
            }
            filled = true;
            return reply.flip();
        } finally {
            if (!filled) {
                BUFFERS.give(reply);
            }
        }
    }

    /** Gives back a buffer {@link #withDigest} returned, sent or not. */
    static void release(ByteBuffer reply) {
        BUFFERS.give(reply);
    }
}
