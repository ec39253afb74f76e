package dev.socketserver.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/**
 * Receiving and sending on a datagram server's socket, which is non-blocking because the serve
 * loop selects on it. A JDK channel (UDP) is used as it is; a junixsocket Unix datagram channel
 * goes through {@link UnixDatagrams}, so that a reply to a vanished client cannot close the
 * server's socket and empty datagrams are served.
 */
public final class DatagramIo {

    /** The sender of a datagram from an unbound Unix socket: it cannot be replied to. */
    public static final SocketAddress UNNAMED_UNIX_CLIENT = UnixDatagrams.UNNAMED;

    private DatagramIo() {
    }

    /**
     * Takes one datagram into {@code dst} without waiting.
     *
     * @return its sender ({@link #UNNAMED_UNIX_CLIENT} for an unbound Unix one), or null when none was queued
     */
    public static @Nullable SocketAddress receive(DatagramChannel channel, ByteBuffer dst) throws IOException {
        if (channel instanceof AFUNIXDatagramChannel unix) {
            return UnixDatagrams.receive(unix, dst);
        }
        return channel.receive(dst);
    }

    /** Sends {@code data} to {@code target} as one datagram, waiting while the socket's buffer is full. */
    public static void send(DatagramChannel channel, ByteBuffer data, SocketAddress target) throws IOException {
        if (channel instanceof AFUNIXDatagramChannel unix) {
            UnixDatagrams.send(unix, data, target);
            return;
        }
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
