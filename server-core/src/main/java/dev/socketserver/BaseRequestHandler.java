package dev.socketserver;

import java.net.SocketAddress;
import org.jetbrains.annotations.Nullable;

/**
 * The template every request handler follows: {@link #setup()}, then {@link #handle()}, then
 * {@link #finish()}. A server builds one instance per request from the handler's class, with its
 * public no-argument constructor (so that a forked child JVM can build it too), and then calls
 * {@link #runRequest}; none of the hooks runs from a constructor.
 *
 * <pre>{@code
 * public class Hello extends BaseRequestHandler<SocketChannel> {
 *     @Override protected void handle() throws IOException {
 *         request().write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Methods that may be overridden:</b> {@link #setup()}, {@link #handle()}, {@link #finish()}.
 * <br><b>Methods for subclasses:</b> {@link #request()}, {@link #clientAddress()},
 * {@link #server()}, {@link #config()}.
 *
 * <p>As in CPython, {@code finish()} runs whenever {@code setup()} returned, even when
 * {@code handle()} throws; it does not run when {@code setup()} itself throws.
 *
 * @param <R> the request: a {@link java.nio.channels.SocketChannel} for stream servers, a
 *     {@link DatagramRequest} for datagram servers
 */
public abstract class BaseRequestHandler<R> {

    private @Nullable R request;
    private @Nullable SocketAddress clientAddress;
    private @Nullable Server server;

    /** Handlers are built by the server, with this constructor. */
    protected BaseRequestHandler() {
    }

    /**
     * Runs this handler on one request: {@code setup → handle → finish}. Called by the server (or
     * a forked child) once per instance; user code does not call it.
     *
     * @param request the connection or datagram to serve
     * @param clientAddress the client's address
     * @param server the server that accepted the request
     * @throws IllegalStateException when called a second time
     * @throws Exception what {@link #setup()}, {@link #handle()} or {@link #finish()} threw; the
     *     server logs it through {@link BaseServer#handleError}
     */
    public final void runRequest(R request, SocketAddress clientAddress, Server server) throws Exception {
        if (this.request != null) {
            throw new IllegalStateException(getClass().getName() + " instance was already used for a request");
        }
        this.request = request;
        this.clientAddress = clientAddress;
        this.server = server;
        setup();
        try {
            handle();
        } finally {
            finish();
        }
    }

    /**
     * Loads ahead what {@link #handle()} will use (classes, static tables, a {@code MessageDigest}),
     * without a request: a pooled forked child calls it on an instance never used for a request,
     * before it tells its server it is ready, so the request does not pay for it. Nothing by default.
     *
     * @throws Exception when warming up fails; the child then does not serve
     */
    public void warmUp() throws Exception {
    }

    /**
     * Prepares the request; the stream and datagram handlers set up {@code rfile}/{@code wfile} here.
     *
     * @throws Exception when the request cannot be prepared; {@link #handle()} is then not run
     */
    protected void setup() throws Exception {
    }

    /**
     * Serves the request. The default does nothing.
     *
     * @throws Exception when serving fails; {@link #finish()} still runs and the server reports it
     */
    protected void handle() throws Exception {
    }

    /**
     * Cleans up after {@link #handle()}, which may have thrown.
     *
     * @throws Exception when cleaning up fails; the server reports it
     */
    protected void finish() throws Exception {
    }

    /** {@return the request ({@code self.request})} */
    protected final R request() {
        return checkRunning(request);
    }

    /** {@return the client's address ({@code self.client_address})} */
    protected final SocketAddress clientAddress() {
        return checkRunning(clientAddress);
    }

    /** {@return the server ({@code self.server}); a stand-in with the same address in a forked child} */
    protected final Server server() {
        return checkRunning(server);
    }

    /** {@return the handler configuration the server was given} */
    protected final HandlerConfig config() {
        return server().handlerConfig();
    }

    private static <T> T checkRunning(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("request state is only available from setup(), handle() and finish()");
        }
        return value;
    }
}
