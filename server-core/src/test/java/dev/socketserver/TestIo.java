package dev.socketserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small blocking I/O helpers for tests. */
final class TestIo {

    private TestIo() {
    }

    /** Reads up to and including '\n' (or to end of stream). */
    static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    /** Reads until the peer closes its side. */
    static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            out.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** Connects to a stream server, sends {@code text} and reads until the server closes. */
    static String exchange(SocketAddress server, String text) throws IOException {
        try (SocketChannel client = SocketChannel.open(server)) {
            client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return new String(readAll(client), StandardCharsets.UTF_8);
        }
    }

    /**
     * How many descriptors this process has open that a test can own: sockets, pipes, files (not
     * the epoll instances and class-path jars the JDK opens lazily for itself, see OpenDescriptors).
     */
    static long openDescriptors() {
        return dev.socketserver.internal.OpenDescriptors.count();
    }
}
