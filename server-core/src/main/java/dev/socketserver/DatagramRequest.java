package dev.socketserver;

import dev.socketserver.internal.DatagramSends;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One datagram and the server socket it arrived on: CPython's {@code (data, socket)} request.
 *
 * @param data the datagram's bytes (read-only)
 * @param socket the server's own channel; replies sent on it carry the server's address
 */
public record DatagramRequest(ByteBuffer data, DatagramChannel socket) {

    public DatagramRequest {
        data = data.asReadOnlyBuffer();
    }

    /** The datagram's bytes as a fresh array. */
    public byte[] bytes() {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** Sends {@code reply} to {@code target} from the server's socket, waiting if its buffer is full. */
    public void sendTo(ByteBuffer reply, SocketAddress target) throws IOException {
        DatagramSends.send(socket, reply, target);
    }
}
