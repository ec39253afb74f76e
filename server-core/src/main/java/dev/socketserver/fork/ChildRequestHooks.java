package dev.socketserver.fork;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.Server;
import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.RequestHooks;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.Printable;
import dev.socketserver.internal.ServerObserver;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The server's request hooks in a forked child, for the same {@code RequestTask} the server runs.
 * The socket is never closed here: closing a channel from {@link System#inheritedChannel()} would
 * make the JDK point standard input, output and error at {@code /dev/null} (inetd passes the
 * socket as all three), silencing the child's log; the process's exit closes it.
 */
final class ChildRequestHooks implements RequestHooks<Object> {

    private final HandlerFactory<BaseRequestHandler<Object>> handlers;
    private final Server server;
    private final boolean connection;
    private volatile boolean failed;

    /** @param connection whether the request is a connection (the idle timeout applies) */
    ChildRequestHooks(HandlerFactory<BaseRequestHandler<Object>> handlers, Server server, boolean connection) {
        this.handlers = handlers;
        this.server = server;
        this.connection = connection;
    }

    /** Whether the handler failed (the child then exits 1, as CPython's after {@code handle_error}). */
    boolean failed() {
        return failed;
    }

    @Override
    public void finishRequest(Object request, SocketAddress client) throws Exception {
        handlers.newHandler().runRequest(request, client, server);
    }

    @Override
    public void handleError(Object request, SocketAddress client, Exception error) {
        failed = true;
        Logger.error(error, "request from {} failed", Printable.of(client));
    }

    /** CPython's {@code shutdown_request}, less the close: the client sees end of stream at once. */
    @Override
    public void shutdownRequest(Object request) {
        if (request instanceof SocketChannel channel) {
            shutdownOutput(channel);
        }
    }

    @Override
    public void closeRequest(Object request) {
        shutdownRequest(request);
    }

    /** The idle close: shut down both ways (not closed, see above), so the handler's blocked read or write ends. */
    @Override
    public void abortRequest(Object request) {
        if (request instanceof SocketChannel channel) {
            try {
                channel.shutdownInput();
                channel.shutdownOutput();
            } catch (IOException e) {
                Logger.debug(e, "shutting down an idle connection"); // the client is gone already
            }
        }
    }

    @Override
    public ChildHandOff handOff(Object request, SocketAddress client) {
        throw new UnsupportedOperationException("a forked child serves its request itself");
    }

    @Override
    public @Nullable Duration idleTimeout() {
        return connection ? server.limits().idleTimeout() : null;
    }

    @Override
    public @Nullable ServerObserver observer() {
        return null; // the parent observes its children (JFR event dev.socketserver.Child)
    }

    @Override
    public String logPrefix() {
        return "";
    }

    static void shutdownOutput(SocketChannel connection) {
        if (connection.isOpen()) {
            try {
                connection.shutdownOutput();
            } catch (IOException e) {
                Logger.trace(e, "shutdownOutput of a finished request"); // the client left first
            }
        }
    }
}
