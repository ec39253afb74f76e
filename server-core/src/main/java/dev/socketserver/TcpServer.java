package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A TCP server, IPv4 or IPv6 by the address given. Port 0 binds a free port;
 * {@link #serverAddress()} tells which.
 *
 * <pre>{@code
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 9999), Echo.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public class TcpServer extends StreamServer {

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one connection at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code TCPServer} does; a second client waits
     * until the first is done. For a virtual thread per connection, pass
     * {@code ServerOptions.defaults().withMode(Mode.VIRTUAL)} (or use {@code VirtualTcpServer}).
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public TcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each connection runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public TcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                     ServerOptions options) throws IOException {
        this(address, handlerClass, options, true);
    }

    /**
     * With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @param bindAndActivate whether to bind now; when false, call {@link #bindAndActivate()} yourself
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public TcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                     ServerOptions options, boolean bindAndActivate) throws IOException {
        super(address, handlerClass, options, bindAndActivate);
    }

    @Override
    public InetSocketAddress serverAddress() {
        return (InetSocketAddress) super.serverAddress();
    }
}
