package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * {@link TcpServer} in {@link Mode#FORKED}: a child JVM per request, CPython's {@code ForkingTCPServer}.
 * The handler class must be on {@link ForkOptions#classPath()}.
 */
public class ForkingTcpServer extends TcpServer implements ForkingServer {

    public ForkingTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#FORKED}. */
    public ForkingTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.FORKED));
    }

    @Override
    public ForkedChildren forkedDispatcher() {
        return (ForkedChildren) dispatcher();
    }
}
