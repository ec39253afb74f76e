package dev.socketserver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link UnixDatagramServer} in {@link Mode#FORKED}: a child JVM per request, CPython's {@code ForkingUnixDatagramServer}.
 * The handler class must be on {@link ForkOptions#classPath()}.
 */
public class ForkingUnixDatagramServer extends UnixDatagramServer implements ForkingServer {

    public ForkingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#FORKED}. */
    public ForkingUnixDatagramServer(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.FORKED));
    }

    @Override
    public ForkedChildren forkedDispatcher() {
        return (ForkedChildren) dispatcher();
    }
}
