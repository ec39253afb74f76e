package dev.socketserver;

import dev.socketserver.internal.SocketFileMode;
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
 */
public class UnixDatagramServer extends DatagramServer {

    private final Path path;
    private final UnixSocketFile socketFile;

    /**
     * Binds and listens at once, in {@link Mode#SYNC}: one datagram at a time, inline in the thread
     * that calls {@code serveForever()}, as CPython's {@code UnixDatagramServer} does; a second client waits
     * until the first is done. For a virtual thread per datagram, pass
     * {@code ServerOptions.defaults().withMode(Mode.VIRTUAL)} (or use {@code VirtualUnixDatagramServer}).
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UnixDatagramServer(Path path, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass)
            throws IOException {
        this(path, handlerClass, ServerOptions.defaults());
    }

    /**
     * Binds and listens at once; {@code options.mode()} says how each datagram runs (default
     * {@link Mode#SYNC}: one at a time, as in CPython).
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
     */
    public UnixDatagramServer(Path path, Class<? extends BaseRequestHandler<DatagramRequest>> handlerClass,
                              ServerOptions options) throws IOException {
        this(path, handlerClass, options, true);
    }

    /**
     * With {@code bindAndActivate} false, call {@link #bindAndActivate()} yourself.
     *
     * @param path the path of the socket file to create
     * @param handlerClass the handler built for each request: public, with a public no-arg constructor
     * @param options the mode, limits, timeouts and handler configuration
     * @param bindAndActivate whether to bind now; when false, call {@link #bindAndActivate()} yourself
     * @throws IOException when the socket cannot be opened, or binding fails (the address is taken, say)
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

    private static AFUNIXDatagramChannel openChannel() throws IOException {
        AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
        channel.setDeleteOnClose(false); // the server removes its own file, after in-flight requests
        return channel;
    }

    /** {@return the socket file's path} */
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
