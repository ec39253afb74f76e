package dev.socketserver;

import dev.socketserver.internal.UnixSocketFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A stream server on a Unix domain socket (the JDK's {@link UnixDomainSocketAddress}). Binding
 * over an existing socket file is an error unless {@link ServerOptions#replaceStaleSocket()} is
 * set and nothing listens there; closing the server removes the file it created.
 *
 * <pre>{@code
 * try (var server = new UnixStreamServer(Path.of("/tmp/echo.sock"), Echo.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>{@link #threading}, {@link #virtual} and {@link #forking} make one in that {@link Mode}
 * (CPython's {@code ThreadingUnixStreamServer}, {@code ForkingUnixStreamServer}). Options given to them may leave the
 * mode at its default or name the same one; another mode is refused, never overwritten.
 */
public class UnixStreamServer extends StreamServer {

    private final Path path;
    private final UnixSocketFile socketFile;

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one connection at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UnixStreamServer} does; a second client waits
     * until the first is done. For a virtual thread per connection, pass
     * {@code ServerOptions.builder().mode(Mode.VIRTUAL).build()} (or use {@link #virtual(Path, Class)}).
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public UnixStreamServer(Path path, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        this(path, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each connection runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options: mode, timeouts, limits and socket settings
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public UnixStreamServer(Path path, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                            ServerOptions options) throws IOException {
        this(path, handlerClass, options, true);
    }

    /**
     * With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param path the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options: mode, timeouts, limits and socket settings
     * @param bindAndActivate whether to bind and listen now; if false, call {@link #bindAndActivate()} before serving
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound or put to listening
     */
    public UnixStreamServer(Path path, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                            ServerOptions options, boolean bindAndActivate) throws IOException {
        super(UnixDomainSocketAddress.of(path), handlerClass, options, false);
        this.path = path;
        this.socketFile = new UnixSocketFile(path, UnixStreamServer::isListening);
        if (bindAndActivate) {
            bindAndActivate();
        }
    }

    /**
     * In {@link Mode#THREADED} with the default options, bound at once. CPython's {@code ThreadingUnixStreamServer}.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @return a new Unix-domain stream server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer threading(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        return threading(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#THREADED}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @return a new Unix-domain stream server in {@link Mode#THREADED}: a platform thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#THREADED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer threading(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options) throws IOException {
        return threading(address, handlerClass, options, true);
    }

    /**
     * As {@link #threading(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#THREADED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain stream server in {@link Mode#THREADED}: a platform thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound or put to listening
     */
    public static UnixStreamServer threading(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixStreamServer(address, handlerClass, ModeChoice.in(Mode.THREADED, options), bindAndActivate);
    }

    /**
     * In {@link Mode#VIRTUAL} with the default options, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @return a new Unix-domain stream server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer virtual(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        return virtual(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#VIRTUAL}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @return a new Unix-domain stream server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#VIRTUAL}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer virtual(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options) throws IOException {
        return virtual(address, handlerClass, options, true);
    }

    /**
     * As {@link #virtual(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#VIRTUAL}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain stream server in {@link Mode#VIRTUAL}: a virtual thread per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound or put to listening
     */
    public static UnixStreamServer virtual(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixStreamServer(address, handlerClass, ModeChoice.in(Mode.VIRTUAL, options), bindAndActivate);
    }

    /**
     * In {@link Mode#FORKED} with the default options, bound at once. CPython's {@code ForkingUnixStreamServer}.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @return a new Unix-domain stream server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer forking(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        return forking(address, handlerClass, ServerOptions.defaults(), true);
    }

    /**
     * In {@link Mode#FORKED}, bound at once.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @return a new Unix-domain stream server in {@link Mode#FORKED}: a forked child process per request
     * @throws IllegalArgumentException when {@code options} name a mode other than the default
     *     {@link Mode#SYNC} or {@link Mode#FORKED}: it is refused, not overwritten
     * @throws IOException if the socket cannot be opened, bound or put to listening
     */
    public static UnixStreamServer forking(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options) throws IOException {
        return forking(address, handlerClass, options, true);
    }

    /**
     * As {@link #forking(Path, Class, ServerOptions)}; with {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param address the filesystem path of the socket file to create
     * @param handlerClass the handler class; a new instance of it, made by its public no-argument constructor, serves each connection
     * @param options the server options; their mode must be left at the default or be {@link Mode#FORKED}
     * @param bindAndActivate whether to bind (and, for a stream socket, listen) now; if false, call {@link #bindAndActivate()} before serving
     * @return a new Unix-domain stream server in {@link Mode#FORKED}: a forked child process per request
     * @throws IOException if the socket cannot be opened or, when {@code bindAndActivate} is true, bound or put to listening
     */
    public static UnixStreamServer forking(Path address, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
            ServerOptions options, boolean bindAndActivate) throws IOException {
        return new UnixStreamServer(address, handlerClass, ModeChoice.in(Mode.FORKED, options), bindAndActivate);
    }


    /**
     * {@return the socket file's path}
     */
    public Path path() {
        return path;
    }

    @Override
    protected void serverBind() throws IOException {
        socketFile.bind(options().replaceStaleSocket(), options().socketFileMode(), super::serverBind);
    }

    @Override
    protected void afterClose() {
        socketFile.removeIfCreated();
    }

    private static boolean isListening(Path path) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}
