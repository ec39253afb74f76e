package dev.socketserver;

import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.internal.DatagramIo;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.jetbrains.annotations.Nullable;

/**
 * A datagram server: the common part of {@link UdpServer} and {@link UnixDatagramServer}. Each
 * request is one datagram of at most {@link ServerOptions#maxPacketSize()} bytes (longer ones
 * are cut, as in CPython), with the server's own channel for the reply. There is no connection
 * to shut down, so {@link #shutdownRequest} does nothing.
 */
public abstract class DatagramServer extends BaseServer<DatagramRequest> {

    /** Stands for a client that sent from an unbound (unnamed) Unix socket: it cannot be replied to. */
    public static final SocketAddress UNNAMED_CLIENT = DatagramIo.UNNAMED_UNIX_CLIENT;

    private final DatagramChannel channel;

    /** Opens the server's channel; called once the handler class has been checked. */
    @FunctionalInterface
    protected interface ChannelOpener {
        /**
         * Opens the channel, unbound.
         *
         * @return the server's channel
         * @throws IOException when it cannot be opened
         */
        DatagramChannel open() throws IOException;
    }

    /**
     * Opens the channel for a transport's constructor; the transport binds it.
     *
     * @param serverAddress the address the server will bind
     * @param handlerClass the handler built for each datagram
     * @param options the mode, limits and handler configuration
     * @param opener opens the transport's kind of channel (UDP, or junixsocket's Unix datagrams)
     * @throws IOException when the channel cannot be opened
     */
    protected DatagramServer(SocketAddress serverAddress,
                             Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                             ServerOptions options,
                             ChannelOpener opener) throws IOException {
        super(serverAddress, handlerClass, options);
        this.channel = opener.open();
    }

    @Override
    public DatagramChannel socket() {
        return channel;
    }

    @Override
    protected void serverBind() throws IOException {
        ReuseOptions.apply(channel, options(), this);
        channel.bind(requestedAddress());
        setBoundAddress(channel.getLocalAddress());
    }

    @Override
    protected @Nullable Accepted<DatagramRequest> getRequest() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(options().maxPacketSize());
        SocketAddress client = DatagramIo.receive(channel, buffer);
        if (client == null) {
            return null; // nothing was there after all
        }
        buffer.flip();
        return new Accepted<>(new DatagramRequest(buffer, channel), client);
    }

    /**
     * Forked mode: the server's own socket becomes the child's standard input (the reply goes out
     * on it), and the datagram's bytes and sender travel beside it.
     */
    @Override
    ChildHandOff handOff(DatagramRequest request, SocketAddress clientAddress) throws IOException {
        ChildTransport transport = childTransport(); // UDP or Unix datagrams, as the transport says
        if (transport == null) {
            return super.handOff(request, clientAddress); // refuses
        }
        return ChildHandOff.datagram(FileDescriptors.of(request.socket()), transport, request.bytes(),
                clientAddress, serverAddress());
    }
}
