package dev.socketserver.bench;

import dev.socketserver.ProtocolFamilies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One client connection speaking the seed's file-download protocol (DESIGN.md): {@code get NAME}
 * in one write, the size in ASCII, an acknowledgement, then SIZE bytes and the MD5 in 32 hex
 * characters. Every download checks the size, the MD5 the server sent and the MD5 of the bytes
 * received; a mismatch is an {@link IOException}, which fails the benchmark.
 *
 * <p>Not thread-safe: one connection per benchmark thread.
 */
public final class DownloadClient implements AutoCloseable {

    private static final byte[] ACK = "read to recv file".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_CHARS = 32;

    private final SocketChannel channel;
    private final ByteBuffer buffer;
    private final MessageDigest digest = Md5.newDigest();
    private final byte[] serverDigest = new byte[DIGEST_CHARS];

    private DownloadClient(SocketChannel channel, int bufferBytes) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bufferBytes);
    }

    /** Connects (blocking) to a TCP or Unix stream address, reading through a 64 KiB buffer. */
    public static DownloadClient connect(SocketAddress address) throws IOException {
        return connect(address, 64 * 1024);
    }

    /** Connects with a smaller read buffer, for holding thousands of connections. */
    public static DownloadClient connect(SocketAddress address, int bufferBytes) throws IOException {
        if (bufferBytes < 64) {
            throw new IllegalArgumentException("bufferBytes must be >= 64, got " + bufferBytes);
        }
        SocketChannel channel = SocketChannel.open(ProtocolFamilies.of(address));
        try {
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.connect(address);
            return new DownloadClient(channel, bufferBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Downloads {@code name} and checks it.
     *
     * @return the number of body bytes received
     * @throws IOException on an {@code ERR} reply, a wrong size or a wrong MD5, naming what differed
     */
    public long download(String name, long expectedSize, String expectedMd5) throws IOException {
        writeFully(ByteBuffer.wrap(("get " + name).getBytes(StandardCharsets.UTF_8)));
        long size = readSize(name);
        if (size != expectedSize) {
            throw new IOException("server announced " + size + " bytes for " + name + ", expected " + expectedSize);
        }
        writeFully(ByteBuffer.wrap(ACK));
        readBodyAndDigest(size);
        String received = HexFormat.of().formatHex(digest.digest());
        String announced = new String(serverDigest, StandardCharsets.US_ASCII);
        if (!received.equals(expectedMd5) || !announced.equals(expectedMd5)) {
            throw new IOException("MD5 mismatch for " + name + ": received bytes " + received
                    + ", server said " + announced + ", file is " + expectedMd5);
        }
        return size;
    }

    /** The reply is the size alone; the server then waits for the acknowledgement, so one read holds it. */
    private long readSize(String name) throws IOException {
        buffer.clear().limit(64);
        if (channel.read(buffer) < 0) {
            throw new IOException("server closed the connection instead of answering 'get " + name + "'");
        }
        String reply = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return Long.parseLong(reply);
        } catch (NumberFormatException e) {
            throw new IOException("server answered 'get " + name + "' with '" + reply + "'", e);
        }
    }

    private void readBodyAndDigest(long size) throws IOException {
        digest.reset();
        long bodyLeft = size;
        int digestRead = 0;
        while (digestRead < DIGEST_CHARS) {
            buffer.clear();
            long wanted = bodyLeft + DIGEST_CHARS - digestRead;
            if (wanted < buffer.capacity()) {
                buffer.limit((int) wanted);
            }
            if (channel.read(buffer) < 0) {
                throw new IOException("server closed the connection with " + bodyLeft + " body bytes and "
                        + (DIGEST_CHARS - digestRead) + " digest characters missing");
            }
            int n = buffer.position();
            int body = (int) Math.min(n, bodyLeft);
            digest.update(buffer.array(), 0, body);
            bodyLeft -= body;
            System.arraycopy(buffer.array(), body, serverDigest, digestRead, n - body);
            digestRead += n - body;
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
