package dev.socketserver;

import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.RequestHooks;
import dev.socketserver.internal.ServerObserver;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;

/** A server's overridable request hooks, as its {@code RequestTask}s call them. */
final class ServerHooks<R> implements RequestHooks<R> {

    private final BaseServer<R> server;
    private final ServerObserver observer;

    /** Built at the end of the server's constructor: its dispatcher exists. */
    ServerHooks(BaseServer<R> server) {
        this.server = server;
        this.observer = new ServerObserver(server.options().mode().flag(), server.requestsAreConnections(),
                server.dispatcher()::activeCount);
    }

    @Override
    public ServerObserver observer() {
        return observer;
    }

    @Override
    public void finishRequest(R request, SocketAddress client) throws Exception {
        server.finishRequest(request, client);
    }

    @Override
    public void handleError(R request, SocketAddress client, Exception error) {
        server.handleError(request, client, error);
    }

    @Override
    public void shutdownRequest(R request) {
        server.shutdownRequest(request);
    }

    @Override
    public void closeRequest(R request) {
        server.closeRequest(request);
    }

    @Override
    public void abortRequest(R request) {
        server.abortRequest(request);
    }

    @Override
    public ChildHandOff handOff(R request, SocketAddress client) throws IOException {
        return server.handOff(request, client);
    }

    @Override
    public @Nullable Duration idleTimeout() {
        return server.requestsAreConnections() ? server.limits().idleTimeout() : null;
    }

    @Override
    public String logPrefix() {
        return server + ": ";
    }
}
