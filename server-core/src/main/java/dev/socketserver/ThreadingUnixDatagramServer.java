package dev.socketserver;

import java.io.IOException;
import java.nio.file.Path;

/** {@link UnixDatagramServer} in {@link Mode#THREADED}: a platform thread per request, CPython's {@code ThreadingUnixDatagramServer}. */
public class ThreadingUnixDatagramServer extends UnixDatagramServer {

    public ThreadingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#THREADED}. */
    public ThreadingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.THREADED));
    }
}
