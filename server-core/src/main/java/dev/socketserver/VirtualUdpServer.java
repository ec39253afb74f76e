package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;

/** {@link UdpServer} in {@link Mode#VIRTUAL}: a virtual thread per request (recommended). */
public class VirtualUdpServer extends UdpServer {

    public VirtualUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#VIRTUAL}. */
    public VirtualUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.VIRTUAL));
    }
}
