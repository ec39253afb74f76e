package dev.socketserver.handlers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** A bare protocol client for tests: sends exactly the bytes given and reads exactly what is asked. */
public final class RawClient implements AutoCloseable {

    private final SocketChannel channel;

    private RawClient(SocketChannel channel) {
        this.channel = channel;
    }

    public static RawClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        channel.connect(address);
        return new RawClient(channel);
    }

    /** Connects with a small receive buffer, so that a large body stalls the server mid-send. */
    public static RawClient connectSmallBuffer(SocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        channel.connect(address);
        return new RawClient(channel);
    }

    public SocketChannel channel() {
        return channel;
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** One read of at most 1024 bytes, as the seed's client reads a reply; {@code <eof>} at end of stream. */
    public String reply() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        int n = channel.read(buffer);
        return n < 0 ? "<eof>" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
    }

    /** Sends {@code command} and returns the one-read reply. */
    public String reply(String command) throws IOException {
        send(command);
        return reply();
    }

    /** Exactly {@code count} bytes, or fewer if the stream ends first. */
    public byte[] readExactly(long count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long left = count;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    /** True when the server closed the connection (nothing more arrives). */
    public boolean atEndOfStream() throws IOException {
        return channel.read(ByteBuffer.allocate(1)) < 0;
    }

    /** The whole exchange for one file: command, size, ack, body, digest. */
    public Fetched get(String name) throws IOException {
        send("get " + name);
        String size = reply();
        if (size.startsWith("ERR")) {
            return new Fetched(size, new byte[0], "");
        }
        send(FileProtocol.SEED_ACK);
        byte[] body = readExactly(Long.parseLong(size));
        return new Fetched(size, body, new String(readExactly(FileProtocol.DIGEST_HEX_LENGTH), StandardCharsets.US_ASCII));
    }

    /** What one get brought: the size reply (or the ERR line), the body, the digest. */
    public record Fetched(String reply, byte[] body, String digest) {
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
