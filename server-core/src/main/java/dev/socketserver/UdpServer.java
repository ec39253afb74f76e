package dev.socketserver;

import dev.socketserver.internal.ProtocolFamilies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * A UDP server, IPv4 or IPv6 by the address given.
 *
 * <pre>{@code
 * try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 9999), UpperCase.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public class UdpServer extends DatagramServer {

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one datagram at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UDPServer} does; a second client waits
     * until the first is done. For a virtual thread per datagram, pass
     * {@code ServerOptions.defaults().withMode(Mode.VIRTUAL)} (or use {@code VirtualUdpServer}).
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each datagram runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
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
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                     ServerOptions options, boolean bindAndActivate) throws IOException {
        super(address, handlerClass, options, () -> DatagramChannel.open(ProtocolFamilies.of(address)));
        if (bindAndActivate) {
            bindAndActivate();
        }
    }

    @Override
    public InetSocketAddress serverAddress() {
        return (InetSocketAddress) super.serverAddress();
    }
}
