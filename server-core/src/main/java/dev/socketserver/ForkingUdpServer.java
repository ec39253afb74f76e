package dev.socketserver;

import dev.socketserver.dispatch.ForkedDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@link UdpServer} in {@link Mode#FORKED}: a child JVM per request, CPython's {@code ForkingUDPServer}.
 * The handler class must be on {@link ForkOptions#classPath()}.
 */
public class ForkingUdpServer extends UdpServer implements ForkingServer {

    /**
     * Binds at once, with the default options in {@link Mode#FORKED}.
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public ForkingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /**
     * Uses {@code options} with the mode replaced by {@link Mode#FORKED}.
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the limits, timeouts and handler configuration; its mode is replaced
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public ForkingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.FORKED));
    }

    @Override
    public ForkedDispatcher forkedDispatcher() {
        return (ForkedDispatcher) dispatcher();
    }
}
