package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.newsclub.net.unix.AFSocketAddress;

/**
 * A server (bound and listening) from an address, a handler class and options, the transport
 * chosen by the address: an {@link InetSocketAddress} gives TCP or UDP, a
 * {@link UnixDomainSocketAddress} a Unix socket. Stream or datagram is chosen by the method, and
 * the compiler checks that the handler fits it: a {@code StreamRequestHandler} cannot be given to
 * {@link #openDatagram}. The command line's {@code serve} and the benchmarks build their servers here.
 *
 * <pre>{@code
 * try (StreamServer server = Servers.openStream(UnixDomainSocketAddress.of("/run/echo.sock"), Echo.class,
 *         ServerOptions.builder().mode(Mode.VIRTUAL).build())) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public final class Servers {

    private Servers() {
    }

    /**
     * A {@link TcpServer} or a {@link UnixStreamServer}.
     *
     * @param address an Internet address and port, or a {@link java.net.UnixDomainSocketAddress} naming the socket file
     * @param handlerClass the handler class; a new instance of it serves each connection
     * @param options the server options: mode, timeouts, limits and socket settings
     * @return the new server, bound and listening
     * @throws IOException if the socket cannot be opened or bound
     * @throws IllegalArgumentException when the address is of neither kind
     */
    public static StreamServer openStream(SocketAddress address,
                                          Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                                          ServerOptions options) throws IOException {
        return address instanceof UnixDomainSocketAddress unix
                ? new UnixStreamServer(unix.getPath(), handlerClass, options)
                : new TcpServer(inet(address), handlerClass, options);
    }

    /**
     * A {@link UdpServer} or a {@link UnixDatagramServer}.
     *
     * @param address an Internet address and port, or a {@link java.net.UnixDomainSocketAddress} naming the socket file
     * @param handlerClass the handler class; a new instance of it serves each datagram
     * @param options the server options: mode, timeouts, limits and socket settings
     * @return the new server, bound
     * @throws IOException if the socket cannot be opened or bound
     * @throws IllegalArgumentException when the address is of neither kind
     */
    public static DatagramServer openDatagram(SocketAddress address,
                                              Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                                              ServerOptions options) throws IOException {
        return address instanceof UnixDomainSocketAddress unix
                ? new UnixDatagramServer(unix.getPath(), handlerClass, options)
                : new UdpServer(inet(address), handlerClass, options);
    }

    private static InetSocketAddress inet(SocketAddress address) {
        // junixsocket's addresses extend InetSocketAddress with a made-up host: not an Internet one
        if (address instanceof InetSocketAddress inet && !(address instanceof AFSocketAddress)) {
            return inet;
        }
        throw new IllegalArgumentException("a server needs a host and port (InetSocketAddress) or a socket path"
                + " (UnixDomainSocketAddress), not " + address);
    }
}
