package dev.socketserver;

import java.io.IOException;
import java.nio.file.Path;

/** {@link UnixDatagramServer} in {@link Mode#VIRTUAL}: a virtual thread per request (recommended). */
public class VirtualUnixDatagramServer extends UnixDatagramServer {

    public VirtualUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#VIRTUAL}. */
    public VirtualUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.VIRTUAL));
    }
}
