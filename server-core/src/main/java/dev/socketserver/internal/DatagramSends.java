package dev.socketserver.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Sending on a datagram server's socket, which is non-blocking because the serve loop selects
 * on it: when the socket's send buffer is full, wait until it is writable instead of dropping
 * the reply or spinning.
 */
public final class DatagramSends {

    private DatagramSends() {
    }

    /** Sends {@code data} to {@code target} as one datagram. */
    public static void send(DatagramChannel channel, ByteBuffer data, SocketAddress target) throws IOException {
        ByteBuffer buffer = data.duplicate();
        if (channel.send(buffer, target) > 0 || !buffer.hasRemaining()) {
            return;
        }
        try (Selector selector = channel.provider().openSelector()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            while (channel.send(buffer, target) == 0 && buffer.hasRemaining()) {
                selector.select(1000);
                selector.selectedKeys().clear();
                if (!channel.isOpen()) {
                    throw new IOException("server socket closed before the reply to " + target + " was sent");
                }
            }
        }
    }
}
