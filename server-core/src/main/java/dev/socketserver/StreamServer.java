package dev.socketserver;

import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.FileDescriptors;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * A connection-oriented server on a {@link ServerSocketChannel}: the common part of
 * {@link TcpServer} and {@link UnixStreamServer}. Each request is an accepted
 * {@link SocketChannel} in blocking mode.
 *
 * <p>On the JDK, binding and listening are one call, so {@link #serverBind()} does both (with
 * {@link ServerOptions#requestQueueSize()} as the backlog) and {@link #serverActivate()} has
 * nothing left to do.
 */
public abstract class StreamServer extends BaseServer<SocketChannel> {

    private final ServerSocketChannel channel;

    /**
     * Opens the listening channel for a transport's constructor.
     *
     * @param serverAddress the address to bind: an {@code InetSocketAddress} or a Unix socket path
     * @param handlerClass the handler built for each connection
     * @param options the mode, limits and handler configuration
     * @param bindAndActivate whether to bind and listen now (CPython's {@code bind_and_activate});
     *     when false the caller binds with {@link #bindAndActivate()} after adjusting the socket
     * @throws IOException when the channel cannot be opened, or binding fails
     */
    protected StreamServer(SocketAddress serverAddress,
                           Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                           ServerOptions options,
                           boolean bindAndActivate) throws IOException {
        super(serverAddress, handlerClass, options);
        this.channel = ServerSocketChannel.open(ProtocolFamilies.of(serverAddress));
        if (bindAndActivate) {
            bindAndActivate();
        }
    }


    @Override
    public ServerSocketChannel socket() {
        return channel;
    }

    @Override
    protected void serverBind() throws IOException {
        ReuseOptions.apply(channel, options(), this);
        channel.bind(requestedAddress(), options().requestQueueSize());
        setBoundAddress(channel.getLocalAddress());
    }

    @Override
    protected @Nullable Accepted<SocketChannel> getRequest() throws IOException {
        SocketChannel connection = channel.accept();
        if (connection == null) {
            return null;
        }
        try {
            return new Accepted<>(connection, connection.getRemoteAddress());
        } catch (IOException e) {
            Quietly.close(connection, "connection that failed at accept");
            throw e;
        }
    }

    /** Connections: {@link Limits#idleTimeout()} applies. */
    @Override
    protected boolean requestsAreConnections() {
        return true;
    }

    /** Shuts the connection's output down (the client sees end of stream), then closes it. */
    @Override
    protected void shutdownRequest(SocketChannel request) {
        if (request.isOpen()) {
            try {
                request.shutdownOutput();
            } catch (IOException e) {
                // The peer is gone already; closing is all that is left to do.
                Logger.trace(e, "shutdownOutput of a finished request");
            }
        }
        closeRequest(request);
    }

    /** Forked mode: the connection itself becomes the child's standard input. */
    @Override
    ChildHandOff handOff(SocketChannel request, SocketAddress clientAddress) throws IOException {
        return ChildHandOff.connection(FileDescriptors.of(request));
    }

    @Override
    ChildTransport childTransport() {
        return ChildTransport.STREAM;
    }

    @Override
    protected void closeRequest(SocketChannel request) {
        Quietly.close(request, "connection");
    }
}
