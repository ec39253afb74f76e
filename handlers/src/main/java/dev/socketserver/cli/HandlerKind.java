package dev.socketserver.cli;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.BaseServer;
import dev.socketserver.DatagramRequest;
import dev.socketserver.EnumFlags;
import dev.socketserver.ServerOptions;
import dev.socketserver.Servers;
import dev.socketserver.handlers.EchoDatagramHandler;
import dev.socketserver.handlers.EchoStreamHandler;
import dev.socketserver.handlers.FileDownloadHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import org.jetbrains.annotations.Nullable;

/** The handlers of the {@code serve --handler} flag, for stream and (where there is one) datagram transports. */
enum HandlerKind {
    FILE(FileDownloadHandler.class, null),
    ECHO(EchoStreamHandler.class, EchoDatagramHandler.class);

    private final Class<? extends BaseRequestHandler<SocketChannel>> stream;
    private final @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagram;

    HandlerKind(Class<? extends BaseRequestHandler<SocketChannel>> stream,
                @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagram) {
        this.stream = stream;
        this.datagram = datagram;
    }

    String flag() {
        return EnumFlags.flag(this);
    }

    Class<? extends BaseRequestHandler<SocketChannel>> streamHandler() {
        return stream;
    }

    /** The datagram handler, or null when this handler needs a stream transport. */
    @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagramHandler() {
        return datagram;
    }

    /**
     * This handler's server on {@code transport}, bound and listening at {@code address} (built by
     * {@link Servers}).
     *
     * @throws IllegalArgumentException when this handler has no form for a datagram transport, or
     *     the address does not fit the transport
     */
    BaseServer<?> open(Transport transport, SocketAddress address, ServerOptions options) throws IOException {
        if (!transport.datagram()) {
            return Servers.openStream(address, stream, options);
        }
        if (datagram == null) {
            throw new IllegalArgumentException("the " + flag() + " handler needs a stream transport (tcp or unix),"
                    + " not " + transport.flag() + "; use --handler echo for datagrams");
        }
        return Servers.openDatagram(address, datagram, options);
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    static HandlerKind parse(String text) {
        return EnumFlags.parse(HandlerKind.class, text);
    }
}
