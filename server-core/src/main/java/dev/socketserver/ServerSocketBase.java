package dev.socketserver;

import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.FileDescriptors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jetbrains.annotations.Nullable;

/**
 * The socket half of {@link BaseServer}, kept apart so that each reads in one sitting: the options
 * the server was built with, and its socket's life (address asked for → bound, port 0 resolved →
 * closed) with CPython's {@code server_bind}, {@code server_activate} and {@code fileno}. Its
 * public and protected methods are {@code BaseServer}'s, documented there; only {@code BaseServer}
 * extends it.
 */
abstract class ServerSocketBase implements Server, AutoCloseable {

    private final SocketAddress requestedAddress;
    private final ServerOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable SocketAddress boundAddress;

    ServerSocketBase(SocketAddress requestedAddress, ServerOptions options) {
        this.requestedAddress = requestedAddress;
        this.options = options;
    }

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
            activated();
        } catch (IOException | RuntimeException | Error e) {
            serverClose();
            throw e;
        }
    }

    /**
     * Closes the server: the socket, then what {@link BaseServer} says. Idempotent.
     */
    public abstract void serverClose();

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

    /** {@return whether {@link #serverClose()} has run (closing is final)} */
    public final boolean isClosed() {
        return closed.get();
    }

    /** {@return the options the server was built with} */
    public final ServerOptions options() {
        return options;
    }

    @Override
    public final HandlerConfig handlerConfig() {
        return options.handlerConfig();
    }

    @Override
    public final Limits limits() {
        return options.limits();
    }

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
    protected void serverActivate() throws IOException {
    }

    /** Called once the socket is closed and in-flight requests are done (Unix servers remove their file). */
    protected void afterClose() {
    }

    /**
     * Records the real bound address; transports call it at the end of {@link #serverBind()}.
     *
     * @param address the address the socket is bound to, with port 0 resolved
     */
    protected final void setBoundAddress(SocketAddress address) {
        boundAddress = address;
    }

    /** {@return the address given to the constructor} */
    protected final SocketAddress requestedAddress() {
        return requestedAddress;
    }

    @Override
    public String toString() {
        return Dispatchers.namedType(getClass()).getSimpleName() + "[" + options.mode().flag() + " " + serverAddress() + "]";
    }

    /** What every forked child of this transport finds on its standard input; null (the default): it has none. */
    @Nullable ChildTransport childTransport() {
        return null;
    }

    /** The socket is bound and active (the server registers its MBean, if asked). */
    abstract void activated();

    /** Marks the server closed; true only the first time, for the caller that then closes it. */
    final boolean markClosed() {
        return closed.compareAndSet(false, true);
    }
}
