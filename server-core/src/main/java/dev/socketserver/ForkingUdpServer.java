package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@link UdpServer} in {@link Mode#FORKED}: a child JVM per request, CPython's {@code ForkingUDPServer}.
 * The handler class must be on {@link ForkOptions#classPath()}.
 */
public class ForkingUdpServer extends UdpServer implements ForkingServer {

    public ForkingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#FORKED}. */
    public ForkingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.FORKED));
    }

    @Override
    public ForkedChildren forkedDispatcher() {
        return (ForkedChildren) dispatcher();
    }
}
