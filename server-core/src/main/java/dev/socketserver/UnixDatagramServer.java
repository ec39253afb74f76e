package dev.socketserver;

import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.UnixSocketFile;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A datagram server on a Unix domain socket. The JDK has no Unix datagram channel, so this uses
 * junixsocket's {@link AFUNIXDatagramChannel}. Socket-file handling is as for
 * {@link UnixStreamServer}. Clients that want a reply must bind their own socket to a path.
 *
 * <p>{@link #threading}, {@link #virtual} and {@link #forking} make one in that {@link Mode}
 * (CPython's {@code ThreadingUnixDatagramServer}, {@code ForkingUnixDatagramServer}). Options given to them may leave the
 * mode at its default or name the same one; another mode is refused, never overwritten.
 */
public class UnixDatagramServer extends DatagramServer {

    private final Path path;
    private final UnixSocketFile socketFile;

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one datagram at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UnixDatagramServer} does; a second client waits
     * until the first is done. For a virtual thread per datagram, pass
     * {@code ServerOptions.builder().mode(Mode.VIRTUAL).build()} (or use {@link #virtual(Path, Class)}).
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @throws IOException if the socket cannot be opened, bound
     */
    public UnixDatagramServer(Path path, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        this(path, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each datagram runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options: mode, timeouts, limits and socket settings
     * @throws IOException if the socket cannot be opened, bound
     */
    public UnixDatagramServer(Path path, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                              ServerOptions options) throws IOException {
        this(path, handlerClass, options, true);
    }

    /**
     * With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options: mode, timeouts, limits and socket settings
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public UnixDatagramServer(Path path, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                              ServerOptions options, boolean bindAndActivate) throws IOException {
        super(AFUNIXSocketAddress.of(path), handlerClass, options, UnixDatagramServer::openChannel);
        this.path = path;
        this.socketFile = new UnixSocketFile(path, UnixDatagramServer::isListening);
        if (bindAndActivate) {
            bindAndActivate();
        }
    }

    /**
     * In {@link Mode#THREADED} with the default options, bound at once. CPython's {@code ThreadingUnixDatagramServer}.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new Unix-domain datagram server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer threading(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return threading(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#THREADED}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @return a new Unix-domain datagram server in {@link Mode#THREADED}: a platform thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#THREADED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer threading(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return threading(address, handlerClass, options, true);
    }

    /**
     * As {@link #threading(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain datagram server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UnixDatagramServer threading(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixDatagramServer(address, handlerClass, ModeChoice.in(Mode.THREADED, options), bindAndActivate);
    }

    /**
     * In {@link Mode#VIRTUAL} with the default options, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new Unix-domain datagram server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer virtual(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return virtual(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#VIRTUAL}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @return a new Unix-domain datagram server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#VIRTUAL}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer virtual(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return virtual(address, handlerClass, options, true);
    }

    /**
     * As {@link #virtual(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain datagram server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UnixDatagramServer virtual(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixDatagramServer(address, handlerClass, ModeChoice.in(Mode.VIRTUAL, options), bindAndActivate);
    }

    /**
     * In {@link Mode#FORKED} with the default options, bound at once. CPython's {@code ForkingUnixDatagramServer}.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @return a new Unix-domain datagram server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer forking(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        return forking(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#FORKED}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @return a new Unix-domain datagram server in {@link Mode#FORKED}: a forked child process per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#FORKED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound
     */
    public static UnixDatagramServer forking(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options) throws IOException {
        return forking(address, handlerClass, options, true);
    }

    /**
     * As {@link #forking(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each datagram
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain datagram server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound
     */
    public static UnixDatagramServer forking(Path address, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixDatagramServer(address, handlerClass, ModeChoice.in(Mode.FORKED, options), bindAndActivate);
    }


    private static AFUNIXDatagramChannel openChannel() throws IOException {
        AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
        channel.setDeleteOnClose(false); // the server removes its own file, after in-flight requests
        return channel;
    }

    /**
     * {@return the socket file's path}
     */
    public Path path() {
        return path;
    }

    /**
     * The socket file's address as the JDK's {@link UnixDomainSocketAddress}, as {@link UnixStreamServer}
     * gives it (junixsocket, which binds this socket, accepts it as a destination too).
     */
    @Override
    public UnixDomainSocketAddress serverAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    protected void serverBind() throws IOException {
        socketFile.bind(options().replaceStaleSocket(), datagramFileMode(), super::serverBind);
    }

    @Override
    protected void afterClose() {
        socketFile.removeIfCreated();
    }

    /** A Unix datagram socket (which the JDK, given it as standard input, would take for UDP). */
    @Override
    ChildTransport childTransport() {
        return ChildTransport.UNIX_DATAGRAM;
    }

    /** junixsocket makes the file srw-rw-rw-: without a mode asked for, set what the umask gives a stream socket. */
    private Set<PosixFilePermission> datagramFileMode() {
        Set<PosixFilePermission> asked = options().socketFileMode();
        return asked != null ? asked : SocketFileMode.fromUmask();
    }

    private static boolean isListening(Path path) throws IOException {
        try (AFUNIXDatagramChannel probe = AFUNIXDatagramChannel.open()) {
            probe.connect(AFUNIXSocketAddress.of(path));
            return true;
        } catch (SocketException refused) { // ConnectException and junixsocket's "connection refused"
            return false;
        }
    }
}
