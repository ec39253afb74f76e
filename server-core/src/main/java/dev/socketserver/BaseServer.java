package dev.socketserver;

import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.RequestTask;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.observe.ServerObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@link #handleTimeout()}, {@link #serviceActions()}, {@link #afterClose()}, {@link #handOff}.
 *
 * <p>Differences from CPython, on purpose: {@link #shutdown()} takes effect at once (the loop waits on a
 * selector that shutdown wakes, so {@code pollInterval} only paces {@link #serviceActions()}); {@code shutdown()}
 * from a handler running inline does not deadlock; {@link #serverClose()} can bound its wait for in-flight
 * requests ({@link ServerOptions#closeGrace()}).
 *
 * @param <R> the request type: {@link java.nio.channels.SocketChannel} or {@link DatagramRequest}
 */
public abstract class BaseServer<R> implements Server, AutoCloseable {

    /** CPython's default {@code poll_interval}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private final SocketAddress requestedAddress;
    private final HandlerFactory<? extends BaseRequestHandler<R>> handlers;
    private final ServerOptions options;
    private final Dispatcher dispatcher;
    private final ServeLoop loop;
    private final ServerHooks<R> hooks; // with the observer: JFR events and the MBean's counters
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable SocketAddress boundAddress;

    /**
     * Sets the server up without touching the socket; transports open it in their constructor.
     *
     * @param serverAddress the address to bind, as the transport takes it
     * @param handlerClass the handler class; a new instance of it serves each request
     * @param options the server options: mode, timeouts, limits and socket settings
     * @throws IllegalArgumentException when the handler class cannot be built by the server
     */
    protected BaseServer(SocketAddress serverAddress, Class<? extends BaseRequestHandler<R>> handlerClass, ServerOptions options) {
        this.requestedAddress = serverAddress;
        this.handlers = HandlerFactory.of(handlerClass);
        this.options = options;
        this.loop = new ServeLoop(this, options.limits().maxConnections());
        this.dispatcher = createDispatcher(options);
        dev.socketserver.internal.ErrorPathPreload.ensureLoaded(); // a server out of descriptors must still log
        this.hooks = new ServerHooks<>(this);
    }

    /**
     * Builds the dispatcher for {@code options.mode()} (the seam where a mode plugs in).
     *
     * @param serverOptions the server's options, whose {@code mode()} picks the dispatcher
     * @return the dispatcher that runs each request
     */
    protected Dispatcher createDispatcher(ServerOptions serverOptions) { return Dispatchers.forMode(this); }

    // ---------------------------------------------------------------- methods for the caller

    /**
     * Binds and activates the socket, for a server constructed with {@code bindAndActivate=false}.
     * A failure closes the socket.
     *
     * @throws IllegalStateException when the server is closed or already bound (it is left as it was)
     * @throws IOException if the socket cannot be bound or activated; the socket is closed
     */
    public final void bindAndActivate() throws IOException {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        if (boundAddress != null) {
            throw new IllegalStateException(this + " is already bound");
        }
        try {
            serverBind();
            serverActivate();
            hooks.observer().bound(serverAddress(), options.jmx());
        } catch (IOException | RuntimeException | Error e) {
            serverClose();
            throw e;
        }
    }

    /**
     * {@link #serveForever(Duration)} with CPython's half-second poll interval.
     *
     * @throws IOException if the selector or the socket fails
     */
    public final void serveForever() throws IOException { serveForever(DEFAULT_POLL_INTERVAL); }

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
        loop.handleOne(options.timeout(), this::handleRequestNoBlock, this::handleTimeout);
    }

    /**
     * Stops {@link #serveForever} and waits until it has returned. Takes effect at once; safe from any thread, a
     * handler's included (inline, it returns without waiting and the loop stops after the handler), and before
     * serving (the next {@code serveForever} then returns at once, as in CPython).
     */
    @Override
    public final void shutdown() { loop.shutdown(); }

    /**
     * Closes the server socket (stops accepting at once), then, with {@link ServerOptions#blockOnClose()},
     * waits for the requests in flight at most {@link ServerOptions#closeGrace()}, then closes them by force. Idempotent.
     */
    public void serverClose() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.stopForClose();
        Quietly.close(socket(), "server socket");
        dispatcher.serverClosed();
        int cut = options.blockOnClose() ? dispatcher.awaitInFlight(options.closeGrace()) : 0;
        if (cut > 0) {
            Logger.warn("{} closed; {} request(s) were cut after the grace period", this, cut);
        }
        afterClose();
        hooks.observer().close();
        loop.closeIfIdle();
    }

    /** Same as {@link #serverClose()}: servers work with try-with-resources. */
    @Override
    public final void close() { serverClose(); }

    /** {@return the server socket's file descriptor number, or -1 once closed} */
    public final int fileno() {
        try {
            return FileDescriptors.number(socket());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bound address (port 0 resolved to the real port); the requested one before binding. */
    @Override
    public SocketAddress serverAddress() {
        SocketAddress bound = boundAddress;
        return bound != null ? bound : requestedAddress;
    }

    /** {@return the server's channel} */
    public abstract NetworkChannel socket();

    /** {@return how many requests are in flight (0 in sync mode outside a request)} */
    public final int activeCount() { return dispatcher.activeCount(); }

    /** {@return the children of a server in {@link Mode#FORKED} (CPython's {@code active_children}); empty in other modes} */
    public final Optional<ForkedChildren> forkedChildren() { return Optional.ofNullable(dispatcher instanceof ForkedChildren c ? c : null); }

    @Override
    public final HandlerConfig handlerConfig() { return options.handlerConfig(); }
    /** {@return the options the server was built with} */
    public final ServerOptions options() { return options; }
    @Override
    public final Limits limits() { return options.limits(); }
    /** {@return the handler class the server builds for each request} */
    public final Class<? extends BaseRequestHandler<R>> handlerClass() { return handlers.type(); }
    /** {@return whether {@link #serverClose()} has run (closing is final)} */
    public final boolean isClosed() { return closed.get(); }

    @Override
    public String toString() {
        return Dispatchers.namedType(getClass()).getSimpleName() + "[" + options.mode().flag() + " " + serverAddress() + "]";
    }

    // ---------------------------------------------------------------- methods that may be overridden

    /**
     * Binds the socket to the requested address.
     *
     * @throws IOException if the socket cannot be bound
     */
    protected abstract void serverBind() throws IOException;

    /**
     * Makes the bound socket ready to serve (stream servers listen). Nothing by default.
     *
     * @throws IOException if the socket cannot be made ready (a stream socket cannot listen)
     */
    protected void serverActivate() throws IOException { }

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
        boolean allowed = options.limits().allows(clientAddress);
        if (!allowed) {
            Logger.warn("{}: refused {}: not in the allow-list {}", this, Printable.of(clientAddress), options.limits().allow());
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
        RequestTask<R> task = new RequestTask<>(hooks, request, clientAddress, loop.claimPermit());
        try {
            dispatcher.dispatch(task);
        } catch (RuntimeException | Error e) {
            task.ended(); // it never ran: the dispatcher could not start it
            throw e;
        }
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
    protected void shutdownRequest(R request) { closeRequest(request); }

    /**
     * Releases the request's resources. Nothing by default.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     */
    protected void closeRequest(R request) { }

    /**
     * Closes a request's connection under a running handler; used for force-close.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     */
    protected void abortRequest(R request) { closeRequest(request); }

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
    protected void handleTimeout() { dispatcher.serviceActions(); }

    /** Called by {@link #serveForever} once per loop; lets the dispatcher do its housekeeping. */
    protected void serviceActions() { dispatcher.serviceActions(); }

    /** Called once the socket is closed and in-flight requests are done (Unix servers remove their file). */
    protected void afterClose() { }

    /** {@return whether requests are connections, which {@link Limits#idleTimeout()} closes when idle} */
    protected boolean requestsAreConnections() { return false; }

    /**
     * How a request crosses to a forked child ({@link Mode#FORKED}): each transport says so; none by default.
     *
     * @param request the request: a connected channel for stream servers, a datagram for datagram servers
     * @param clientAddress the client's address
     * @return what the forked child needs to take the request over
     * @throws IOException if the request cannot be prepared for the child
     */
    protected ChildHandOff handOff(R request, SocketAddress clientAddress) throws IOException {
        throw new UnsupportedOperationException("forked mode cannot hand a " + request.getClass().getName() + " to a child");
    }

    // ---------------------------------------------------------------- methods for subclasses

    /**
     * Records the real bound address; transports call it at the end of {@link #serverBind()}.
     *
     * @param address the address the socket is bound to, with port 0 resolved
     */
    protected final void setBoundAddress(SocketAddress address) { boundAddress = address; }
    /** {@return the address given to the constructor} */
    protected final SocketAddress requestedAddress() { return requestedAddress; }
    /** {@return the dispatcher that runs requests} */
    protected final Dispatcher dispatcher() { return dispatcher; }
    /** The server's JFR events and MBean counters, for its serve loop. */
    final ServerObserver observer() { return hooks.observer(); }

    /**
     * CPython's {@code _handle_request_noblock}: the whole pipeline for one ready request. First the
     * turn's permit ({@link Limits#maxConnections()}), waiting at most {@code permitWaitMillis}: without
     * one nothing is accepted. The task {@link #processRequest} builds claims it; the turn releases it otherwise.
     */
    private boolean handleRequestNoBlock(long permitWaitMillis) {
        if (!loop.beginTurn(permitWaitMillis)) {
            return false;
        }
        try {
            Accepted<R> accepted = loop.accept(this::getRequest); // null: none after all, or failed and backed off
            if (accepted == null) {
                return true;
            }
            R request = accepted.request();
            SocketAddress client = accepted.clientAddress();
            if (!verifyRequest(request, client)) {
                hooks.observer().refused(client, "verifyRequest");
                shutdownRequest(request);
                return true;
            }
            try {
                processRequest(request, client);
            } catch (RuntimeException e) {
                handleError(request, client, e);
                shutdownRequest(request);
            }
            return true;
        } finally {
            loop.endTurn();
        }
    }
}
