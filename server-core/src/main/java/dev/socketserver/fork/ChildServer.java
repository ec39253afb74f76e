package dev.socketserver.fork;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Limits;
import dev.socketserver.Server;
import java.net.SocketAddress;

/**
 * What a handler in a child JVM sees as its server: the parent's address, the handler
 * configuration and the per-connection limits, as they were passed on the command line. A child has no serve loop, so
 * {@link #shutdown()} is refused.
 */
record ChildServer(SocketAddress serverAddress, HandlerConfig handlerConfig, Limits limits) implements Server {

    /** From the configuration as it came: the limits the parent put in it are taken out. */
    static ChildServer of(SocketAddress serverAddress, HandlerConfig carried) {
        return new ChildServer(serverAddress, CarriedLimits.withoutCarried(carried), CarriedLimits.carriedBy(carried));
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException(
                "shutdown() is not available in a forked child: it serves one request and exits; stop the parent server instead");
    }
}
