package dev.socketserver;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** {@link UnixStreamServer} in {@link Mode#VIRTUAL}: a virtual thread per request (recommended). */
public class VirtualUnixStreamServer extends UnixStreamServer {

    public VirtualUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#VIRTUAL}. */
    public VirtualUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.VIRTUAL));
    }
}
