package dev.socketserver;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * {@link UnixStreamServer} in {@link Mode#FORKED}: a child JVM per request, CPython's {@code ForkingUnixStreamServer}.
 * The handler class must be on {@link ForkOptions#classPath()}.
 */
public class ForkingUnixStreamServer extends UnixStreamServer implements ForkingServer {

    public ForkingUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass) throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /** Uses {@code options} with the mode replaced by {@link Mode#FORKED}. */
    public ForkingUnixStreamServer(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass, ServerOptions options)
            throws IOException {
        super(address, handlerClass, options.withMode(Mode.FORKED));
    }

    @Override
    public ForkedChildren forkedDispatcher() {
        return (ForkedChildren) dispatcher();
    }
}
