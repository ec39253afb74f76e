package dev.socketserver;

import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.RequestTask;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.internal.ServerObserver;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The server template of CPython's {@code socketserver.BaseServer}: a loop that takes requests from a socket
 * and hands each to a new handler, through the pipeline {@code getRequest → verifyRequest → processRequest →
 * finishRequest → shutdownRequest}, with errors going to {@code handleError}. Where the request runs is the
 * {@link Mode}. An example is in the {@linkplain dev.socketserver package documentation}; a request's path
 * through the code is in {@code docs/architecture.md}.
 *
 * <p><b>Methods for the caller:</b> {@link #serveForever()}, {@link #handleRequest()}, {@link #shutdown()},
 * {@link #serverClose()} / {@link #close()}, {@link #fileno()}, {@link #serverAddress()}, {@link #socket()},
 * {@link #bindAndActivate()}, {@link #activeCount()}, {@link #forkedChildren()}.
 *
 * <p><b>Methods that may be overridden:</b> {@link #serverBind()}, {@link #serverActivate()},
 * {@link #getRequest()}, {@link #verifyRequest}, {@link #processRequest}, {@link #finishRequest},
 * {@link #shutdownRequest}, {@link #closeRequest}, {@link #abortRequest}, {@link #handleError},
 * {@link #handleTimeout()}, {@link #serviceActions()}, {@link #afterClose()}, {@link #requestsAreConnections()}.
 *
 * <p><b>Methods for subclasses:</b> {@link #setBoundAddress}, {@link #requestedAddress()}. Where this differs from
 * CPython, on purpose, is in the {@linkplain dev.socketserver package documentation}.
 *
 * @param <R> the request type: {@link java.nio.channels.SocketChannel} or {@link DatagramRequest}
 */
public abstract class BaseServer<R> extends ServerSocketBase {

    /** CPython's default {@code poll_interval}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private final HandlerFactory<? extends BaseRequestHandler<R>> handlers;
    private final Dispatcher dispatcher;
    private final ServeLoop loop;
    private final ServerHooks<R> hooks; // with the observer: JFR events and the MBean's counters

    /**
     * Sets the server up without touching the socket; transports open it in their constructor.
     *
     * @param serverAddress the address to bind, as the transport takes it
     * @param handlerClass the handler class; a new instance of it serves each request
     * @param options the server options: mode, timeouts, limits and socket settings
     * @throws IllegalArgumentException when the handler class cannot be built by the server
     */
    protected BaseServer(SocketAddress serverAddress, Class<? extends BaseRequestHandler<R>> handlerClass, ServerOptions options) {
        super(serverAddress, options);
        this.handlers = HandlerFactory.of(handlerClass);
        this.loop = new ServeLoop(this, options.limits().maxConnections());
        this.dispatcher = createDispatcher(options);
        dev.socketserver.internal.ErrorPathPreload.ensureLoaded(); // a server out of descriptors must still log
        this.hooks = new ServerHooks<>(this);
    }

    // ---------------------------------------------------------------- methods for the caller

    /**
     * {@link #serveForever(Duration)} with CPython's half-second poll interval.
     *
     * @throws IOException if the selector or the socket fails
     */
    public final void serveForever() throws IOException {
        serveForever(DEFAULT_POLL_INTERVAL);
    }

    /**
     * Serves requests until {@link #shutdown()}. The loop sleeps on a selector, so it neither spins nor delays
     * shutdown; {@code pollInterval} paces {@link #serviceActions()}. An {@link Error} from an inline request propagates.
     *
     * @param pollInterval how often {@link #serviceActions()} runs while the loop waits
     * @throws IllegalStateException when the server is closed or already serving
     * @throws IOException if the selector or the socket fails
     */
    public final void serveForever(Duration pollInterval) throws IOException {
        loop.serveForever(pollInterval, this::handleRequestNoBlock, this::serviceActions);
    }

    /**
     * Waits for one request and handles it; after {@link ServerOptions#timeout()} (if set), calls {@link #handleTimeout()}.
     *
     * @throws IllegalStateException when the server is closed or serving in another thread
     * @throws IOException if the selector or the socket fails
     */
    public final void handleRequest() throws IOException {
        loop.handleOne(options().timeout(), this::handleRequestNoBlock, this::handleTimeout);
    }

    /**
     * Stops {@link #serveForever} and waits until it has returned. Takes effect at once; safe from any thread, a
     * handler's included (inline, it returns without waiting and the loop stops after the handler), and before
     * serving (the next {@code serveForever} then returns at once, as in CPython).
     */
    @Override
    public final void shutdown() {
        loop.shutdown();
    }

    /**
     * Closes the server socket (stops accepting at once), then, with {@link ServerOptions#blockOnClose()},
     * waits for the requests in flight at most {@link ServerOptions#closeGrace()}, then closes them by force. Idempotent.
     */
    @Override
    public void serverClose() {
        if (!markClosed()) {
            return;
        }
        loop.stopForClose();
        Quietly.close(socket(), "server socket");
        dispatcher.serverClosed();
        int cut = options().blockOnClose() ? dispatcher.awaitInFlight(options().closeGrace()) : 0;
        if (cut > 0) {
            Logger.warn("{} closed; {} request(s) were cut after the grace period", this, cut);
        }
        afterClose();
        hooks.observer().close();
        loop.closeIfIdle();
    }

    /** Same as {@link #serverClose()}: servers work with try-with-resources. */
    @Override
    public final void close() {
        serverClose();
    }

    /** {@return how many requests are in flight (0 in sync mode outside a request)} */
    public final int activeCount() {
        return dispatcher.activeCount();
    }

    /** {@return the children of a server in {@link Mode#FORKED} (CPython's {@code active_children}); empty in other modes} */
    public final Optional<ForkedChildren> forkedChildren() {
        return Optional.ofNullable(dispatcher instanceof ForkedChildren children ? children : null);
    }

    /** {@return the handler class the server builds for each request} */
    public final Class<? extends BaseRequestHandler<R>> handlerClass() {
        return handlers.type();
    }

    // ---------------------------------------------------------------- methods that may be overridden

    /**
     * Takes the next request from the socket; null when none was ready after all (another process took it).
     *
     * @return the accepted request with its client address, or null when none was ready
     * @throws IOException if accepting or receiving fails
     */
    protected abstract @Nullable Accepted<R> getRequest() throws IOException;

    /**
     * Whether to serve this request (false closes it unserved): by default, whether {@link Limits#allow()} lets the client in.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     * @param clientAddress the client's address
     * @return true to serve the request, false to close it unserved
     */
    protected boolean verifyRequest(R request, SocketAddress clientAddress) {
        boolean allowed = limits().allows(clientAddress);
        if (!allowed) {
            Logger.warn("{}: refused {}: not in the allow-list {}", this, Printable.of(clientAddress), limits().allow());
        }
        return allowed;
    }

    /**
     * Runs the request according to the mode: the concurrency seam.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     * @param clientAddress the client's address
     */
    protected void processRequest(R request, SocketAddress clientAddress) {
        new RequestTask<>(hooks, request, clientAddress, loop.claimPermit()).dispatchTo(dispatcher);
    }

    /**
     * Builds a handler for the request and runs it.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     * @param clientAddress the client's address
     * @throws Exception whatever the handler throws; the server passes it to {@link #handleError}
     */
    protected void finishRequest(R request, SocketAddress clientAddress) throws Exception {
        handlers.newHandler().runRequest(request, clientAddress, this);
    }

    /**
     * Ends the request after it was served (stream servers shut the connection down and close it).
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     */
    protected void shutdownRequest(R request) {
        closeRequest(request);
    }

    /**
     * Releases the request's resources. Nothing by default.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     */
    protected void closeRequest(R request) {
    }

    /**
     * Closes a request's connection under a running handler; used for force-close.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     */
    protected void abortRequest(R request) {
        closeRequest(request);
    }

    /**
     * Called when a request fails with an exception; logs it with the client address.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     * @param clientAddress the client's address
     * @param error what the request failed with
     */
    protected void handleError(R request, SocketAddress clientAddress, Exception error) {
        Logger.error(error, "request from {} failed", Printable.of(clientAddress));
    }

    /** Called by {@link #handleRequest()} when no request came in time: dispatcher housekeeping ({@code ForkingMixIn.handle_timeout}). */
    protected void handleTimeout() {
        dispatcher.serviceActions();
    }

    /** Called by {@link #serveForever} once per loop; lets the dispatcher do its housekeeping. */
    protected void serviceActions() {
        dispatcher.serviceActions();
    }

    /** {@return whether requests are connections, which {@link Limits#idleTimeout()} closes when idle} */
    protected boolean requestsAreConnections() {
        return false;
    }

    // ---------------------------------------------------------------- the package's seams (forked mode, tests)

    /** Builds the dispatcher for {@code options.mode()} (the seam where a mode plugs in; tests put their own). */
    Dispatcher createDispatcher(ServerOptions serverOptions) {
        return Dispatchers.forMode(this);
    }

    /** The dispatcher that runs requests. */
    final Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    final void activated() {
        hooks.observer().bound(serverAddress(), options().jmx());
    }

    /** How a request crosses to a forked child ({@link Mode#FORKED}): each transport says so; none by default. */
    ChildHandOff handOff(R request, SocketAddress clientAddress) throws IOException {
        throw new UnsupportedOperationException("forked mode cannot hand a " + request.getClass().getName() + " to a child");
    }

    /** The server's JFR events and MBean counters, for its serve loop. */
    final ServerObserver observer() { return hooks.observer(); }

    /**
     * CPython's {@code _handle_request_noblock}: the whole pipeline for one ready request, after the turn's permit
     * (none within {@code permitWaitMillis}: nothing is accepted), which the task {@link #processRequest} builds claims.
     */
    private boolean handleRequestNoBlock(long permitWaitMillis) {
        if (!loop.beginTurn(permitWaitMillis)) {
            return false;
        }
        try { // accept gives null when none was ready after all, or when it failed and backed off
            if (loop.accept(this::getRequest) instanceof Accepted<R>(R request, SocketAddress client)) {
                if (verifyRequest(request, client)) {
                    try {
                        processRequest(request, client);
                    } catch (RuntimeException e) {
                        handleError(request, client, e);
                        shutdownRequest(request);
                    }
                } else {
                    hooks.observer().refused(client, "verifyRequest");
                    shutdownRequest(request);
                }
            }
            return true;
        } finally {
            loop.endTurn();
        }
    }
}
