package dev.socketserver.dispatch;

import java.io.FileDescriptor;
import java.net.SocketAddress;
import java.util.List;
import org.jetbrains.annotations.Nullable;

/**
 * How one request crosses to a forked child, as its transport says (each transport's
 * {@code handOff}): the socket that becomes the child's standard input, what kind it is, and for a
 * datagram its bytes and sender (they travel beside the socket, which the server keeps using).
 *
 * @param socket the accepted connection, or the datagram server's own socket
 * @param transport what {@code socket} is
 * @param datagram the datagram's bytes; null for a connection
 * @param datagramClient the datagram's sender; null for a connection (the socket knows its peer)
 * @param jvmOptions JVM options the child needs for this socket
 */
public record ChildHandOff(FileDescriptor socket, ChildTransport transport, byte @Nullable [] datagram,
                           @Nullable SocketAddress datagramClient, List<String> jvmOptions) {

    public ChildHandOff {
        jvmOptions = List.copyOf(jvmOptions);
        if ((datagram == null) != (datagramClient == null) || transport.isDatagram() != (datagram != null)) {
            throw new IllegalArgumentException("a datagram hand-off has bytes and a sender; a connection has neither");
        }
    }

    /** A connected stream socket: the child serves the connection itself. */
    public static ChildHandOff connection(FileDescriptor socket) {
        return new ChildHandOff(socket, ChildTransport.STREAM, null, null, List.of());
    }

    /**
     * A datagram, received on the server's {@code socket} (bound to {@code serverAddress}), which
     * the child replies on.
     */
    public static ChildHandOff datagram(FileDescriptor socket, ChildTransport transport, byte[] bytes,
                                        SocketAddress client, SocketAddress serverAddress) {
        return new ChildHandOff(socket, transport, bytes, client, transport.jvmOptionsFor(serverAddress));
    }
}
