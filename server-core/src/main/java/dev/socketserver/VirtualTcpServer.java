package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/** {@link TcpServer} in {@link Mode#VIRTUAL}: a virtual thread per request (recommended). */
public class VirtualTcpServer extends TcpServer {

    public VirtualTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#VIRTUAL}. */
    public VirtualTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.VIRTUAL));
    }
}
