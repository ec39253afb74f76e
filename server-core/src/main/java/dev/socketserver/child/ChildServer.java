package dev.socketserver.child;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Server;
import java.net.SocketAddress;

/**
 * What a handler in a child JVM sees as its server: the parent's address and the handler
 * configuration, as they were passed on the command line. A child has no serve loop, so
 * {@link #shutdown()} is refused.
 */
record ChildServer(SocketAddress serverAddress, HandlerConfig handlerConfig) implements Server {

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException(
                "shutdown() is not available in a forked child: it serves one request and exits; stop the parent server instead");
    }
}
