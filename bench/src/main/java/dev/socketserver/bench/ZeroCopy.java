package dev.socketserver.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import org.jetbrains.annotations.Nullable;

/**
 * Sends a file with {@link FileChannel#transferTo} ({@code sendfile(2)}) from a virtual thread
 * without spinning. Once a virtual thread has parked on a socket, the JDK has put the socket in
 * non-blocking mode, and {@code transferTo} to it returns 0 at once whenever the socket buffer is
 * full (it does not park, unlike {@code write}): a plain retry loop then burns its carrier thread
 * until the client catches up, measured here as tens of thousands of empty calls per 64 MiB sent
 * to a slower client. On 0 this sends one chunk with an ordinary {@code write}, which parks until
 * the socket drains, then goes back to zero-copy.
 */
final class ZeroCopy {

    private static final int PARK_CHUNK = 16 * 1024;

    private ZeroCopy() {
    }

    /**
     * Sends bytes {@code 0..size} of {@code file} to {@code out}.
     *
     * @throws EOFException when the file is shorter than {@code size}
     */
    static void send(FileChannel file, long size, SocketChannel out) throws IOException {
        @Nullable ByteBuffer chunk = null;
        long position = 0;
        while (position < size) {
            long sent = file.transferTo(position, size - position, out);
            if (sent > 0) {
                position += sent;
                continue;
            }
            if (chunk == null) {
                chunk = ByteBuffer.allocate(PARK_CHUNK);
            }
            chunk.clear().limit((int) Math.min(PARK_CHUNK, size - position));
            int read = file.read(chunk, position);
            if (read <= 0) {
                throw new EOFException("file ended at " + position + " of " + size + " bytes");
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            position += read;
        }
    }
}
