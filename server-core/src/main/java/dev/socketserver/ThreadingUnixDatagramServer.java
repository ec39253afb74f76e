package dev.socketserver;

import java.io.IOException;
import java.nio.file.Path;

/** {@link UnixDatagramServer} in {@link Mode#THREADED}: a platform thread per request, CPython's {@code ThreadingUnixDatagramServer}. */
public class ThreadingUnixDatagramServer extends UnixDatagramServer {

    /**
     * Binds at once, with the default options in {@link Mode#THREADED}.
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public ThreadingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /**
     * Uses {@code options} with the mode replaced by {@link Mode#THREADED}.
     *
     * @param address the address to bind: a host (or the wildcard) and a port; port 0 picks a free one
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the limits, timeouts and handler configuration; its mode is replaced
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public ThreadingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.THREADED));
    }
}
