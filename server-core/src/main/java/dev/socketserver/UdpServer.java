package dev.socketserver;

import dev.socketserver.dispatch.ChildTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * A UDP server, IPv4 or IPv6 by the address given.
 *
 * <pre>{@code
 * try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 9999), UpperCase.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>{@link #threading}, {@link #virtual} and {@link #forking} make one in that {@link Mode}
 * (CPython's {@code ThreadingUDPServer}, {@code ForkingUDPServer}). Options given to them may leave the
 * mode at its default or name the same one; another mode is refused, never overwritten.
 */
public class UdpServer extends DatagramServer {

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one datagram at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UDPServer} does; a second client waits
     * until the first is done. For a virtual thread per datagram, pass
     * {@code ServerOptions.builder().mode(Mode.VIRTUAL).build()} (or use {@link #virtual(InetSocketAddress, Class)}).
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        this(address, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each datagram runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options: mode, timeouts, limits and socket settings
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                     ServerOptions options) throws IOException {
        this(address, handlerClass, options, true);
    }

    /**
     * With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options: mode, timeouts, limits and socket settings
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public UdpServer(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                     ServerOptions options, boolean bindAndActivate) throws IOException {
        super(address, handlerClass, options, () -> DatagramChannel.open(ProtocolFamilies.of(address)));
        if (bindAndActivate) {
            bindAndActivate();
        }
    }

    /**
     * In {@link Mode#THREADED} with the default options, bound at once. CPython's {@code ThreadingUDPServer}.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new UDP server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer threading(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return threading(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#THREADED}, bound at once.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @return a new UDP server in {@link Mode#THREADED}: a platform thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#THREADED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer threading(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return threading(address, handlerClass, options, true);
    }

    /**
     * As {@link #threading(InetSocketAddress, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new UDP server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UdpServer threading(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UdpServer(address, handlerClass, ModeChoice.in(Mode.THREADED, options), bindAndActivate);
    }

    /**
     * In {@link Mode#VIRTUAL} with the default options, bound at once.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new UDP server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer virtual(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return virtual(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#VIRTUAL}, bound at once.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @return a new UDP server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#VIRTUAL}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer virtual(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return virtual(address, handlerClass, options, true);
    }

    /**
     * As {@link #virtual(InetSocketAddress, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new UDP server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UdpServer virtual(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UdpServer(address, handlerClass, ModeChoice.in(Mode.VIRTUAL, options), bindAndActivate);
    }

    /**
     * In {@link Mode#FORKED} with the default options, bound at once. CPython's {@code ForkingUDPServer}.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new UDP server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer forking(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return forking(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#FORKED}, bound at once.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @return a new UDP server in {@link Mode#FORKED}: a forked child process per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#FORKED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound (the address is in use, for instance)
     */
    public static UdpServer forking(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return forking(address, handlerClass, options, true);
    }

    /**
     * As {@link #forking(InetSocketAddress, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the IP address and port to bind; port 0 picks a free one
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new UDP server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UdpServer forking(InetSocketAddress address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UdpServer(address, handlerClass, ModeChoice.in(Mode.FORKED, options), bindAndActivate);
    }

    @Override
    ChildTransport childTransport() {
        return ChildTransport.UDP;
    }

    @Override
    public InetSocketAddress serverAddress() {
        return (InetSocketAddress) super.serverAddress();
    }
}
