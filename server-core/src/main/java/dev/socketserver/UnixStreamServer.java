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
 */
public class UnixStreamServer extends StreamServer {

    private final Path path;
    private final UnixSocketFile socketFile;

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one connection at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UnixStreamServer} does; a second client waits
     * until the first is done. For a virtual thread per connection, pass
     * {@code ServerOptions.defaults().withMode(Mode.VIRTUAL)} (or use {@code VirtualUnixStreamServer}).
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UnixStreamServer(Path path, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass)
            throws IOException {
        this(path, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each connection runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UnixStreamServer(Path path, Class<? extends BaseRequestHandler<SocketChannel>> handlerClass,
                            ServerOptions options) throws IOException {
        this(path, handlerClass, options, true);
    }

    /**
     * Binds at once unless {@code bindAndActivate} is false.
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @param bindAndActivate whether to bind now; when false, call {@link #bindAndActivate()} yourself
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
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

    /** {@return the socket file's path} */
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
