package dev.socketserver;

import java.net.SocketAddress;

/**
 * What a request handler sees of the server that runs it ({@code self.server} in CPython).
 * In the serving JVM it is the {@link BaseServer} itself; in a forked child it is a stand-in
 * carrying the same address and configuration.
 */
public interface Server {

    /** {@return the address the server is bound to (the real one: port 0 resolved)} */
    SocketAddress serverAddress();

    /** {@return the configuration the handler was given} */
    HandlerConfig handlerConfig();

    /** {@return the server's limits (a protocol handler reads {@link Limits#maxCommandLength()} here)} */
    default Limits limits() {
        return Limits.defaults();
    }

    /**
     * Asks the server to stop serving. Safe from any thread, a handler's own included.
     *
     * @throws UnsupportedOperationException in a forked child, which has no loop to stop
     */
    void shutdown();
}
