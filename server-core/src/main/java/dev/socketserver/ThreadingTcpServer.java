package dev.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/** {@link TcpServer} in {@link Mode#THREADED}: a platform thread per request, CPython's {@code ThreadingTCPServer}. */
public class ThreadingTcpServer extends TcpServer {

    public ThreadingTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#THREADED}. */
    public ThreadingTcpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.THREADED));
    }
}
