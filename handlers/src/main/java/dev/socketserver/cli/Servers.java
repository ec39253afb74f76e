package dev.socketserver.cli;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.BaseServer;
import dev.socketserver.DatagramRequest;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.UdpServer;
import dev.socketserver.UnixDatagramServer;
import dev.socketserver.UnixStreamServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/** Builds (binds and activates) the server a {@code serve} command line asks for. */
final class Servers {

    private Servers() {
    }

    /**
     * @param address an {@link InetSocketAddress} for tcp/udp, a {@link UnixDomainSocketAddress} for unix/unix-dgram
     * @throws IllegalArgumentException when the handler has no form for a datagram transport, or
     *     the address does not fit the transport
     */
    static BaseServer<?> open(Transport transport, HandlerKind handler, SocketAddress address, ServerOptions options)
            throws IOException {
        return switch (transport) {
            case TCP -> new TcpServer(inet(address), handler.streamHandler(), options);
            case UNIX -> new UnixStreamServer(unixPath(address), handler.streamHandler(), options);
            case UDP -> new UdpServer(inet(address), datagramHandler(handler, transport), options);
            case UNIX_DGRAM -> new UnixDatagramServer(unixPath(address), datagramHandler(handler, transport), options);
        };
    }

    private static Class<? extends BaseRequestHandler<DatagramRequest>> datagramHandler(HandlerKind handler,
                                                                                     Transport transport) {
        var type = handler.datagramHandler();
        if (type == null) {
            throw new IllegalArgumentException("the " + handler.flag() + " handler needs a stream transport (tcp or unix),"
                    + " not " + transport.flag() + "; use --handler echo for datagrams");
        }
        return type;
    }

    private static InetSocketAddress inet(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet;
        }
        throw new IllegalArgumentException("a tcp or udp server needs a host and port, not " + address);
    }

    private static Path unixPath(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath();
        }
        throw new IllegalArgumentException("a unix server needs a socket path, not " + address);
    }
}
