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

    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                     ServerOptions options) throws IOException {
        this(address, handlerClass, options, true);
    }

    /** With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself. */
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
