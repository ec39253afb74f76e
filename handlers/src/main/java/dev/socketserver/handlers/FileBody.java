package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.jetbrains.annotations.Nullable;

/** Sends the first {@code size} bytes of a file to a channel: zero-copy, or copied while hashed. */
public final class FileBody {

    /** The copy buffer of a digest miss; allocated per miss only, never on the cached path. */
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    /**
     * What a zero-copy send writes through a buffer when the socket is full, to park until it has
     * room (see {@link #transfer}): one page. Any size parks alike, but these bytes are copied
     * three times (read, into the JDK's direct buffer, into the socket): with 64 KiB, 8 to 9 MB
     * of each 100 MB download went that way (about 130 stalls) instead of by {@code sendfile}.
     */
    static final int STALL_WRITE_BYTES = 4096;

    /**
     * The most one {@code transferTo} call sends. The channel is fetched again for each piece, and
     * the file handler's supplier marks progress for the server's idle timeout, so progress is
     * counted in bytes the client took: a blocking {@code sendfile} returns only when its whole
     * piece is in the socket. With 8 MiB pieces a client reading 1 MB/s looked idle for 8 s; with
     * 1 MiB, the default idle timeout (300 s) cuts only a client below ~3.5 KB/s. Past a few
     * hundred KiB the piece size no longer shows in throughput (about 100 calls per 100 MiB).
     */
    static final long TRANSFER_PIECE_BYTES = 1024 * 1024;

    private FileBody() {
    }

    /**
     * Sends with {@link FileChannel#transferTo} in pieces of at most 1 MiB ({@code sendfile(2)} to
     * a socket; the JDK copies through a buffer itself where the target does not allow it). A
     * large body first gets a larger TCP send buffer where the kernel allows it ({@link SendBuffer}).
     *
     * @param file the open file, read from its current position
     * @param size how many bytes to send: the size announced to the client
     * @param out the client's channel, asked for again before each piece (a slow reader's guard
     *     may swap it)
     * @return false when the file ended before {@code size} bytes (it shrank meanwhile)
     * @throws IOException when reading the file or writing to the client fails
     */
    public static boolean transfer(FileChannel file, long size, Supplier<? extends WritableByteChannel> out)
            throws IOException {
        SendBuffer.enlargeFor(size, out.get());
        long position = 0;
        @Nullable ByteBuffer stalled = null;
        while (position < size) {
            long sent = file.transferTo(position, Math.min(size - position, TRANSFER_PIECE_BYTES), out.get());
            if (sent > 0) {
                position += sent;
                continue;
            }
            // Nothing went out: the socket is full, or the file ended (the read below says which).
            // Under a virtual thread the JDK runs sendfile on the non-blocking descriptor and returns
            // 0 instead of waiting, so retrying would spin on a carrier thread; a plain write of the
            // next page parks until the socket has room, and wakes when the channel is closed.
            if (stalled == null) {
                stalled = ByteBuffer.allocate((int) Math.clamp(size, 1, STALL_WRITE_BYTES));
            }
            stalled.clear().limit((int) Math.min(stalled.capacity(), size - position));
            int read = file.read(stalled, position);
            if (read <= 0) { // at or past the end: the file shrank after its size was announced
                return false;
            }
            stalled.flip();
            while (stalled.hasRemaining()) {
                out.get().write(stalled);
            }
            position += read;
        }
        return true;
    }

    /**
     * Sends through a buffer and hashes exactly the bytes sent, in one pass.
     *
     * @return the MD5 as lowercase hex, or null when the file ended before {@code size} bytes
     */
    static @Nullable String copyAndDigest(FileChannel file, long size, Supplier<? extends WritableByteChannel> out)
            throws IOException {
        SendBuffer.enlargeFor(size, out.get());
        MessageDigest md5 = md5();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.clamp(size, 1, COPY_BUFFER_BYTES));
        long position = 0;
        while (position < size) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
            int read = file.read(buffer, position);
            if (read < 0) {
                return null;
            }
            buffer.flip();
            md5.update(buffer.array(), 0, read);
            while (buffer.hasRemaining()) {
                out.get().write(buffer);
            }
            position += read;
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** A new MD5 digest, without the JDK provider list's set-up ({@link Md5Provider}). */
    static MessageDigest md5() {
        return Md5Provider.newDigest();
    }
}
