package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;

/** {@link UdpServer} in {@link Mode#THREADED}: a platform thread per request, CPython's {@code ThreadingUDPServer}. */
public class ThreadingUdpServer extends UdpServer {

    public ThreadingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#THREADED}. */
    public ThreadingUdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.THREADED));
    }
}
