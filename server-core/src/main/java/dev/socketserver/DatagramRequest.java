package dev.socketserver;

import dev.socketserver.internal.DatagramIo;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One datagram and the server socket it arrived on: CPython's {@code (data, socket)} request.
 *
 * @param data the datagram's bytes (read-only)
 * @param socket the server's own channel; replies sent on it carry the server's address
 */
public record DatagramRequest(ByteBuffer data, DatagramChannel socket) {

    /** Keeps a read-only view of {@code data}, so that handlers cannot change the datagram. */
    public DatagramRequest {
        data = data.asReadOnlyBuffer();
    }

    /** {@return the datagram's bytes as a fresh array} */
    public byte[] bytes() {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /**
     * Sends {@code reply} to {@code target} from the server's socket, waiting if its buffer is full.
     * A failure (the client has gone, say) is thrown and leaves the server's socket open. Use this
     * rather than {@code socket().send}: on a Unix datagram server, junixsocket's own send closes
     * the server's socket when the client has gone.
     *
     * @param reply the bytes to send, from its position to its limit
     * @param target the client's address, usually {@code clientAddress()}
     * @throws SocketException when {@code target} is {@link DatagramServer#UNNAMED_CLIENT}: a client
     *     on an unbound Unix socket has no address to reply to
     * @throws IOException when the send fails (the client has gone, say)
     */
    public void sendTo(ByteBuffer reply, SocketAddress target) throws IOException {
        if (DatagramServer.UNNAMED_CLIENT.equals(target)) {
            // Checked here: junixsocket would print its own stack trace to stderr before failing.
            throw new SocketException("cannot reply to a client on an unnamed (unbound) Unix socket");
        }
        DatagramIo.send(socket, reply, target);
    }
}
