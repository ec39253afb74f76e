package dev.socketserver;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** {@link UnixStreamServer} in {@link Mode#THREADED}: a platform thread per request, CPython's {@code ThreadingUnixStreamServer}. */
public class ThreadingUnixStreamServer extends UnixStreamServer {

    public ThreadingUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#THREADED}. */
    public ThreadingUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.THREADED));
    }
}
