package dev.socketserver;

import dev.socketserver.dispatch.ChildTemplate;
import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.Dispatchers;
import dev.socketserver.dispatch.ForkedLaunch;
import dev.socketserver.dispatch.ForkedRequest;
import dev.socketserver.internal.Backoff;
import dev.socketserver.internal.ConnectionPermits;
import dev.socketserver.internal.Durations;
import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.internal.IdleGuard;
import dev.socketserver.internal.Printable;
import dev.socketserver.internal.RequestPhase;
import dev.socketserver.observe.RequestEvent;
import dev.socketserver.observe.RequestMeter;
import dev.socketserver.observe.ServerObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The server template of CPython's {@code socketserver.BaseServer}: a loop that takes requests
 * from a socket and hands each to a new handler, through the pipeline
 * {@code getRequest → verifyRequest → processRequest → finishRequest → shutdownRequest}, with
 * errors going to {@code handleError}. Where the request runs is the {@link Mode}.
 *
 * <pre>{@code
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), Echo.class,
 *         ServerOptions.defaults().withMode(Mode.VIRTUAL))) {
 *     Thread.ofPlatform().start(server::serveForever);
 *     ...
 *     server.shutdown();
 * }
 * }</pre>
 *
 * <p><b>Methods for the caller:</b> {@link #serveForever()}, {@link #handleRequest()},
 * {@link #shutdown()}, {@link #serverClose()} / {@link #close()}, {@link #fileno()},
 * {@link #serverAddress()}, {@link #socket()}, {@link #bindAndActivate()}, {@link #activeCount()}.
 *
 * <p><b>Methods that may be overridden:</b> {@link #serverBind()}, {@link #serverActivate()},
 * {@link #getRequest()}, {@link #verifyRequest}, {@link #processRequest}, {@link #finishRequest},
 * {@link #shutdownRequest}, {@link #closeRequest}, {@link #handleError}, {@link #handleTimeout()},
 * {@link #serviceActions()}.
 *
 * <p>Differences from CPython, on purpose: {@link #shutdown()} takes effect at once (the loop
 * waits on a selector that shutdown wakes, so {@code pollInterval} only paces
 * {@link #serviceActions()}); {@code shutdown()} from a handler running inline does not deadlock;
 * {@link #serverClose()} can bound its wait for in-flight requests ({@link ServerOptions#closeGrace()}).
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
    private final Backoff acceptBackoff = new Backoff();
    private final ConnectionPermits permits;
    private final ServerObserver observer; // JFR events and the MBean's counters
    private @Nullable Pending handedOff; // serve thread only: the request that took this turn's permit
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean serving = new AtomicBoolean();

    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private volatile boolean shutdownRequested;
    private boolean isShutDown = true; // guarded by stateLock
    private volatile @Nullable Thread serveThread;

    private volatile @Nullable SocketAddress boundAddress;
    private volatile @Nullable Selector selector; // opened by the thread that serves

    /**
     * Sets the server up without touching the socket; transports open it in their constructor.
     *
     * @param serverAddress the address to bind (port 0 or a Unix path chooses at bind time)
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @throws IllegalArgumentException when the handler class cannot be built by the server
     */
    protected BaseServer(SocketAddress serverAddress,
                         Class<? extends BaseRequestHandler<R>> handlerClass,
                         ServerOptions options) {
        this.requestedAddress = serverAddress;
        this.handlers = HandlerFactory.of(handlerClass);
        this.options = options;
        this.dispatcher = createDispatcher(options);
        this.permits = new ConnectionPermits(options.limits().maxConnections());
        dev.socketserver.internal.ErrorPathPreload.ensureLoaded(); // a server out of descriptors must still log
        this.observer = new ServerObserver(options.mode().flag(), requestsAreConnections(), dispatcher::activeCount);
    }

    /**
     * Builds the dispatcher for {@code options.mode()}; forked-mode servers override this.
     *
     * @param serverOptions the options the server was given
     * @return the dispatcher that runs this server's requests
     */
    protected Dispatcher createDispatcher(ServerOptions serverOptions) {
        return Dispatchers.forMode(serverOptions, typeName());
    }

    // ---------------------------------------------------------------- methods for the caller

    /**
     * Binds and activates the socket, for a server constructed with {@code bindAndActivate=false}
     * (transports call it from their constructors otherwise). A failure closes the socket.
     *
     * @throws IllegalStateException when the server is closed or already bound (the server is left as it was)
     * @throws IOException when binding or listening fails (the address is taken, say)
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
            observer.bound(serverAddress(), options.jmx());
        } catch (IOException | RuntimeException | Error e) {
            serverClose();
            throw e;
        }
    }

    /**
     * {@link #serveForever(Duration)} with CPython's half-second poll interval.
     *
     * @throws IOException when the server socket fails for good (not for a failed request)
     */
    public final void serveForever() throws IOException {
        serveForever(DEFAULT_POLL_INTERVAL);
    }

    /**
     * Serves requests until {@link #shutdown()}. The loop sleeps on a selector, so it neither
     * spins nor delays shutdown; {@code pollInterval} is how often {@link #serviceActions()} runs
     * while idle. An {@link Error} from a request running inline propagates.
     *
     * @param pollInterval how often {@link #serviceActions()} runs while no request comes
     * @throws IllegalStateException when the server is closed or already serving
     * @throws IOException when the server socket fails for good (not for a failed request)
     */
    public final void serveForever(Duration pollInterval) throws IOException {
        long pollMillis = Math.max(1, pollInterval.toMillis());
        beginServing();
        try {
            Selector sel = selector();
            while (!shutdownRequested) {
                int ready = select(sel, pollMillis);
                if (shutdownRequested) {
                    break;
                }
                if (ready > 0) {
                    handleRequestNoBlock(pollMillis);
                }
                serviceActions();
            }
        } catch (ClosedSelectorException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            endServing();
        }
    }

    /**
     * Waits for one request and handles it. Gives up after {@link ServerOptions#timeout()} (if
     * set) and calls {@link #handleTimeout()} instead.
     *
     * @throws IllegalStateException when the server is closed or serving in another thread
     * @throws IOException when waiting on or accepting from the server socket fails
     */
    public final void handleRequest() throws IOException {
        Duration timeout = options.timeout();
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        beginServing();
        try {
            Selector sel = selector();
            while (true) {
                long waitMillis = 0;
                if (timeout != null) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        handleTimeout();
                        return;
                    }
                    waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
                }
                if (select(sel, waitMillis) > 0
                        && handleRequestNoBlock(waitMillis == 0 ? DEFAULT_POLL_INTERVAL.toMillis() : waitMillis)) {
                    return;
                }
                if (shutdownRequested && timeout == null) {
                    return; // closed or shut down from another thread while waiting forever
                }
            }
        } finally {
            endServing();
        }
    }

    /**
     * Stops {@link #serveForever} and waits until it has returned. Takes effect at once; safe from
     * any thread, including a handler's (when that handler runs inline, shutdown returns without
     * waiting, and the loop stops after the handler), and safe before serving has begun: the
     * next {@code serveForever} then returns at once, as in CPython.
     */
    @Override
    public final void shutdown() {
        shutdownRequested = true;
        wakeUp();
        if (Thread.currentThread() == serveThread) {
            return;
        }
        stateLock.lock();
        try {
            while (!isShutDown) {
                stateChanged.awaitUninterruptibly();
            }
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Closes the server socket (stops accepting at once), then, with
     * {@link ServerOptions#blockOnClose()}, waits for the requests in flight — at most
     * {@link ServerOptions#closeGrace()}, after which their connections are closed by force.
     * Idempotent.
     */
    public void serverClose() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shutdownRequested = true;
        wakeUp();
        closeQuietly(socket(), "server socket");
        dispatcher.serverClosed();
        if (options.blockOnClose()) {
            int cut = dispatcher.awaitInFlight(options.closeGrace());
            if (cut > 0) {
                Logger.warn("{} closed; {} request(s) were cut after the grace period", this, cut);
            }
        }
        afterClose();
        observer.close();
        if (!serving.get()) {
            closeSelector();
        }
    }

    /** Same as {@link #serverClose()}: servers work with try-with-resources. */
    @Override
    public final void close() {
        serverClose();
    }

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
    public final int activeCount() {
        return dispatcher.activeCount();
    }

    @Override
    public final HandlerConfig handlerConfig() {
        return options.handlerConfig();
    }

    /** {@return the options the server was built with} */
    public final ServerOptions options() {
        return options;
    }

    @Override
    public final Limits limits() {
        return options.limits();
    }

    /** {@return the handler class the server builds for each request} */
    public final Class<? extends BaseRequestHandler<R>> handlerClass() {
        return handlers.type();
    }

    /** {@return whether {@link #serverClose()} has run} */
    public final boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return typeName() + "[" + options.mode().flag() + " " + serverAddress() + "]";
    }

    /** The class's simple name; for an anonymous subclass, its nearest named superclass's (for logs and thread names). */
    private String typeName() {
        Class<?> type = getClass();
        while (type.isAnonymousClass()) {
            type = type.getSuperclass();
        }
        return type.getSimpleName();
    }

    // ---------------------------------------------------------------- methods that may be overridden

    /**
     * Binds the socket to the requested address.
     *
     * @throws IOException when binding fails (the address is taken or not local, say)
     */
    protected abstract void serverBind() throws IOException;

    /**
     * Makes the bound socket ready to serve (stream servers listen). Nothing by default.
     *
     * @throws IOException when the socket cannot be made ready
     */
    protected void serverActivate() throws IOException {
    }

    /**
     * Takes the next request from the socket.
     *
     * @return the request and its client; null when none was ready after all (another process took it)
     * @throws IOException when accepting or receiving fails
     */
    protected abstract @Nullable Accepted<R> getRequest() throws IOException;

    /**
     * Whether to serve this request; false closes it unserved. By default, whether the client is
     * in {@link Limits#allow()} (everyone when that is empty); a refused client is logged.
     *
     * @param request the accepted connection or received datagram
     * @param clientAddress the client's address
     * @return whether to serve it
     */
    protected boolean verifyRequest(R request, SocketAddress clientAddress) {
        Limits limits = options.limits();
        if (limits.allows(clientAddress)) {
            return true;
        }
        Logger.warn("{}: refused {}: not in the allow-list {}", this, Printable.of(clientAddress), limits.allow());
        return false;
    }

    /**
     * Runs the request according to the mode: the concurrency seam.
     *
     * @param request the verified request
     * @param clientAddress the client's address
     */
    protected void processRequest(R request, SocketAddress clientAddress) {
        dispatcher.dispatch(new Pending(request, clientAddress));
    }

    /**
     * Builds a handler for the request and runs it.
     *
     * @param request the request to serve
     * @param clientAddress the client's address
     * @throws Exception what the handler threw; the dispatcher passes it to {@link #handleError}
     */
    protected void finishRequest(R request, SocketAddress clientAddress) throws Exception {
        handlers.newHandler().runRequest(request, clientAddress, this);
    }

    /**
     * Ends the request after it was served (stream servers shut the connection down and close it).
     *
     * @param request the served request
     */
    protected void shutdownRequest(R request) {
        closeRequest(request);
    }

    /**
     * Releases the request's resources. Nothing by default.
     *
     * @param request the request to release
     */
    protected void closeRequest(R request) {
    }

    /**
     * Closes a request's connection under a running handler; used for force-close.
     *
     * @param request the request whose connection to close
     */
    protected void abortRequest(R request) {
        closeRequest(request);
    }

    /**
     * Called when a request fails with an exception; logs it with the client address.
     *
     * @param request the failed request
     * @param clientAddress the client's address, named in the log
     * @param error what the handler (or its setup) threw
     */
    protected void handleError(R request, SocketAddress clientAddress, Exception error) {
        Logger.error(error, "request from {} failed", Printable.of(clientAddress));
    }

    /**
     * Called by {@link #handleRequest()} when no request came within the timeout. Lets the
     * dispatcher do its housekeeping (forked mode collects its children, as CPython's
     * {@code ForkingMixIn.handle_timeout}).
     */
    protected void handleTimeout() {
        dispatcher.serviceActions();
    }

    /** Called by {@link #serveForever} once per loop; lets the dispatcher do its housekeeping. */
    protected void serviceActions() {
        dispatcher.serviceActions();
    }

    /** Called once the socket is closed and in-flight requests are done (Unix servers remove their file). */
    protected void afterClose() {
    }

    /** {@return whether requests are connections, which {@link Limits#idleTimeout()} closes when idle} */
    protected boolean requestsAreConnections() {
        return false;
    }

    // ---------------------------------------------------------------- methods for subclasses

    /**
     * Records the real bound address; transports call it at the end of {@link #serverBind()}.
     *
     * @param address the address the socket is bound to, port 0 resolved
     */
    protected final void setBoundAddress(SocketAddress address) {
        boundAddress = address;
    }

    /** {@return the address given to the constructor} */
    protected final SocketAddress requestedAddress() {
        return requestedAddress;
    }

    /**
     * Sets {@code SO_REUSEADDR} and {@code SO_REUSEPORT} as the options ask, before binding.
     *
     * @param channel the server's unbound channel
     * @throws UnsupportedOperationException when {@code allowReusePort} is set and the socket
     *     cannot reuse ports
     * @throws IOException when an option cannot be set
     */
    protected final void applyReuseOptions(NetworkChannel channel) throws IOException {
        var supported = channel.supportedOptions();
        if (options.allowReuseAddress() && supported.contains(java.net.StandardSocketOptions.SO_REUSEADDR)) {
            channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        }
        if (options.allowReusePort()) {
            if (!supported.contains(java.net.StandardSocketOptions.SO_REUSEPORT)) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported by " + this);
            }
            channel.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
        }
    }

    /** {@return the dispatcher that runs requests} */
    protected final Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * CPython's {@code _handle_request_noblock}: the whole pipeline for one ready request. First
     * takes a connection permit ({@link Limits#maxConnections()}), waiting at most
     * {@code permitWaitMillis}; without one it accepts nothing and returns false, so the client
     * waits in the backlog.
     */
    private boolean handleRequestNoBlock(long permitWaitMillis) {
        if (!permits.tryAcquire(permitWaitMillis)) {
            return false;
        }
        handedOff = null;
        try {
            Accepted<R> accepted;
            try {
                accepted = getRequest();
                acceptBackoff.onSuccess();
            } catch (IOException e) {
                Duration delay = acceptBackoff.onFailure();
                Logger.warn(e, "{}: taking a request failed; retrying in {} ms", this, delay.toMillis());
                awaitShutdownRequest(delay);
                return true;
            }
            if (accepted == null) {
                return true;
            }
            R request = accepted.request();
            SocketAddress client = accepted.clientAddress();
            if (!verifyRequest(request, client)) {
                observer.refused(client, "verifyRequest");
                shutdownRequest(request);
                return true;
            }
            try {
                processRequest(request, client);
            } catch (RuntimeException e) {
                handleError(request, client, e);
                shutdownRequest(request);
                Pending started = handedOff;
                if (started != null) {
                    started.releasePermit(); // it never ran: the dispatcher could not start it
                }
            }
            return true;
        } finally {
            if (handedOff == null) {
                permits.release(); // no request took the permit (refused, failed, or served inline by an override)
            }
            handedOff = null;
        }
    }

    /** CPython's {@code process_request_thread}: runs in whatever thread the mode chose. */
    private void runRequest(R request, SocketAddress client, RequestPhase phase, RequestMeter meter) {
        IdleGuard guard = startIdleGuard(request, client, meter);
        RequestEvent event = observer.begin();
        boolean failed = false;
        try {
            RequestPhase.callWith(phase, () -> IdleGuard.callWith(guard, () -> RequestMeter.callWith(meter, () -> {
                finishRequest(request, client);
                return null;
            })));
        } catch (Exception e) {
            failed = true;
            if (guard != null && guard.fired()) {
                Logger.debug(e, "request from {} ended by its idle close", Printable.of(client)); // logged when closed
            } else {
                handleError(request, client, e);
            }
        } finally {
            if (guard != null) {
                guard.stop();
            }
            shutdownRequest(request);
            observer.end(event, meter, client, failed);
        }
    }

    private @Nullable IdleGuard startIdleGuard(R request, SocketAddress client, RequestMeter meter) {
        Duration idleTimeout = options.limits().idleTimeout();
        if (idleTimeout == null || !requestsAreConnections()) {
            return null;
        }
        return IdleGuard.start(idleTimeout, () -> {
            Logger.info("{}: closing the connection from {}: idle for {}", this, Printable.of(client), Durations.human(idleTimeout));
            observer.cut(meter, client, "idle");
            abortRequest(request);
        });
    }

    /** One request for the dispatcher; forked mode hands it to a child process. */
    private final class Pending implements ForkedRequest {
        private final R request;
        private final SocketAddress client;
        private final AtomicBoolean holdsPermit;
        private final RequestPhase phase;
        private final RequestMeter meter = new RequestMeter();

        /** Built on the serve thread inside {@link #processRequest}: takes over this turn's permit. */
        Pending(R request, SocketAddress client) {
            this.request = request;
            this.client = client;
            this.phase = new RequestPhase(() -> abortRequest(request));
            this.holdsPermit = new AtomicBoolean(handedOff == null && Thread.currentThread() == serveThread);
            if (holdsPermit.get()) {
                handedOff = this;
            }
        }

        @Override
        public SocketAddress clientAddress() {
            return client;
        }

        @Override
        public void run() {
            runRequest(request, client, phase, meter);
        }

        @Override
        public void closeWhenIdle() {
            phase.closeWhenIdle();
        }

        @Override
        public void ended() {
            releasePermit();
        }

        @Override
        public void abort() {
            observer.cut(meter, client, "close grace");
            abortRequest(request);
        }

        @Override
        public ForkedLaunch launch() throws IOException {
            return ForkedLaunch.of(request, client, serverAddress(), handlerClass(),
                    options.limits().carriedIn(handlerConfig()));
        }

        @Override
        public void closeParentCopy() {
            closeRequest(request);
        }

        void releasePermit() {
            if (holdsPermit.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }

    // ---------------------------------------------------------------- the loop's plumbing

    private void beginServing() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        if (!serving.compareAndSet(false, true)) {
            throw new IllegalStateException(this + " is already serving in another thread");
        }
        serveThread = Thread.currentThread();
        dispatcher.serving(() -> ChildTemplate.of(socket(), serverAddress(), handlerClass(),
                options.limits().carriedIn(handlerConfig())));
        stateLock.lock();
        try {
            isShutDown = false;
        } finally {
            stateLock.unlock();
        }
    }

    private void endServing() {
        serveThread = null;
        serving.set(false);
        if (closed.get()) {
            closeSelector();
        }
        stateLock.lock();
        try {
            shutdownRequested = false;
            isShutDown = true;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private Selector selector() throws IOException {
        if (selector == null) {
            SelectableChannel channel = (SelectableChannel) socket();
            Selector sel = channel.provider().openSelector();
            channel.configureBlocking(false);
            channel.register(sel, channel.validOps() & (SelectionKey.OP_ACCEPT | SelectionKey.OP_READ));
            selector = sel;
        }
        return selector;
    }

    private static int select(Selector sel, long timeoutMillis) throws IOException {
        int ready = timeoutMillis == 0 ? sel.select() : sel.select(timeoutMillis);
        sel.selectedKeys().clear();
        return ready;
    }

    private void wakeUp() {
        Selector sel = selector;
        if (sel != null) {
            sel.wakeup();
        }
        permits.wakeUp();
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Waits for {@code delay} or until shutdown is requested, whichever is first. */
    private void awaitShutdownRequest(Duration delay) {
        long remaining = delay.toNanos();
        stateLock.lock();
        try {
            while (!shutdownRequested && remaining > 0) {
                remaining = stateChanged.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stateLock.unlock();
        }
    }

    private void closeSelector() {
        Selector sel = selector;
        if (sel != null) {
            selector = null;
            closeQuietly(sel, "selector");
        }
    }

    /**
     * Closes {@code resource}, logging (not throwing) a failure: used on paths that must go on.
     *
     * @param resource what to close
     * @param what names it in the log line if closing fails
     */
    protected static void closeQuietly(AutoCloseable resource, String what) {
        try {
            resource.close();
        } catch (Exception e) {
            Logger.debug(e, "closing {} failed", what);
        }
    }
}
