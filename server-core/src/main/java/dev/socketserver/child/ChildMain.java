package dev.socketserver.child;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.DatagramRequest;
import dev.socketserver.Server;
import dev.socketserver.internal.DatagramIo;
import dev.socketserver.internal.Durations;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.internal.IdleGuard;
import dev.socketserver.Printable;
import dev.socketserver.internal.RequestPhase;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.tinylog.Logger;

/**
 * Serves one request whose socket is this process's standard input, then exits: the child JVM of
 * forked mode, and an inetd/systemd socket-activation entry point.
 *
 * <pre>
 * systemd-socket-activate --inetd -a -l 9999 \
 *     java -cp socketserver.jar dev.socketserver.child.ChildMain dev.socketserver.handlers.EchoStreamHandler
 * </pre>
 *
 * <p>For a stream socket the request is the connection itself. For a datagram server's socket
 * the request is the datagram the parent passed in {@link ChildArguments#DATAGRAM_ENV}, or, under
 * socket activation, the next datagram read from the socket; the reply goes out on that same
 * socket. The command line is {@link ChildArguments}'.
 *
 * <p>Exit status: {@value #OK} when the handler returned, {@value #HANDLER_FAILED} when it threw
 * (logged as the server's {@code handleError} would), {@value #USAGE} for a bad command line or
 * no usable socket on standard input, {@value ParentWatch#PARENT_GONE} when the forking server died
 * first. Everything the child logs or prints goes to its standard output and error, which a forking
 * server copies into its own log; never to the client.
 */
public final class ChildMain {

    /** The handler ran to the end. */
    public static final int OK = 0;
    /** The handler threw; CPython's forked child exits 1 after {@code handle_error} too. */
    public static final int HANDLER_FAILED = 1;
    /** Bad command line, unknown handler class, or no socket of the right kind on standard input. */
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: java -cp CLASSPATH dev.socketserver.child.ChildMain [--transport=stream|udp|unix-datagram] \
            [--server-address=ADDR] [--client-address=ADDR] [--parent-pid=PID] HANDLER_CLASS [KEY=VALUE ...]
            (standard input must be the socket: a connection, or a datagram server's socket)""";

    /** Datagrams read under socket activation are cut at this size, the largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_536;

    private ChildMain() {
    }

    public static void main(String[] args) {
        List<String> argv = List.of(args);
        if (!argv.isEmpty() && argv.getFirst().equals(ChildArguments.POOLED)) {
            System.exit(PooledChildMain.run(argv.subList(1, argv.size())));
        }
        System.exit(run(argv, System.getenv(ChildArguments.DATAGRAM_ENV)));
    }

    /**
     * Serves the request described by {@code argv} and returns the exit status.
     *
     * @param datagram a forked datagram's bytes, base64; null under socket activation
     */
    static int run(List<String> argv, @Nullable String datagram) {
        Setup setup = setUp(argv);
        if (setup == null) {
            return USAGE;
        }
        byte[] bytes;
        try {
            bytes = datagram == null ? null : decode(datagram);
        } catch (IllegalArgumentException e) {
            Logger.error("{}\n{}", e.getMessage(), USAGE_TEXT);
            return USAGE;
        }
        return serveInherited(setup.args(), setup.handlers(), bytes);
    }

    /** The parsed command line and the handler factory, the parent watch started; null after a usage error (logged). */
    record Setup(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers) {
    }

    static @Nullable Setup setUp(List<String> argv) {
        ChildArguments args;
        HandlerFactory<BaseRequestHandler<Object>> handlers;
        try {
            args = ChildArguments.parse(argv);
            handlers = handlers(args.handlerClass());
        } catch (IllegalArgumentException e) {
            Logger.error("{}\n{}", e.getMessage(), USAGE_TEXT);
            return null;
        }
        if (args.parentPid() > 0) {
            ParentWatch.start(args.parentPid());
        }
        return new Setup(args, handlers);
    }

    /**
     * Serves the request on standard input and returns the exit status.
     *
     * @param datagram a forked datagram's bytes; null under socket activation and for streams
     */
    static int serveInherited(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                              byte @Nullable [] datagram) {
        try {
            return args.transport().isDatagram()
                    ? serveDatagram(args, handlers, datagram)
                    : serveStream(args, handlers);
        } catch (IllegalArgumentException | IllegalStateException e) {
            Logger.error("{}\n{}", e.getMessage(), USAGE_TEXT);
            return USAGE;
        } catch (IOException e) {
            // The client went away (or the socket failed) before a handler existed: no stack needed.
            Logger.error("the request could not be taken from standard input: {}", e.getMessage());
            return HANDLER_FAILED;
        }
    }

    private static int serveStream(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers)
            throws IOException {
        SocketChannel connection = InheritedSocket.stream(args.parentPid() > 0);
        try {
            SocketAddress client = connection.getRemoteAddress();
            if (client == null) {
                throw new IOException("the client is gone already");
            }
            Server server = server(args, connection.getLocalAddress());
            if (args.parentPid() == 0) {
                return serve(handlers, connection, client, server);
            }
            // The forking server's stop closes the connection when its handler awaits a request.
            RequestPhase phase = new RequestPhase(() -> shutdownBothWays(connection));
            StopWhenIdle.install(phase);
            return RequestPhase.callWith(phase, () -> serve(handlers, connection, client, server));
        } finally {
            shutdownRequest(connection);
        }
    }

    private static int serveDatagram(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                                     byte @Nullable [] datagram) throws IOException {
        DatagramChannel socket = InheritedSocket.datagram(args.transport());
        if (socket instanceof AFUNIXDatagramChannel unix) {
            unix.setDeleteOnClose(false); // the socket file belongs to the server
        }
        // Never closed here (see shutdownRequest): the process's exit closes it.
        DatagramRequest request;
        SocketAddress client;
        if (datagram != null) {
            client = args.clientAddress();
            if (client == null) {
                throw new IllegalArgumentException("a forked datagram needs --client-address");
            }
            // The forking server's socket is non-blocking (its loop selects on it) and that mode
            // is shared with this process: say so to the channel; replies wait in DatagramIo.
            socket.configureBlocking(false);
            request = new DatagramRequest(ByteBuffer.wrap(datagram), socket);
        } else {
            // Socket activation (inetd "wait" style): the datagram that woke us is still queued.
            ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
            SocketAddress from = DatagramIo.receive(socket, buffer);
            if (from == null) {
                throw new IOException("no datagram was queued on the inherited socket");
            }
            client = from;
            request = new DatagramRequest(buffer.flip(), socket);
        }
        return serve(handlers, request, client, server(args, socket.getLocalAddress()));
    }

    /** CPython's forked child: {@code finish_request}, {@code handle_error} on failure, status 0 or 1. */
    private static int serve(HandlerFactory<BaseRequestHandler<Object>> handlers, Object request,
                             SocketAddress client, Server server) {
        IdleGuard guard = idleGuard(request, client, server.limits().idleTimeout());
        try {
            IdleGuard.callWith(guard, () -> {
                handlers.newHandler().runRequest(request, client, server);
                return null;
            });
            return OK;
        } catch (Exception e) {
            if (guard != null && guard.fired()) {
                Logger.debug(e, "request from {} ended by its idle close", Printable.of(client));
                return OK;
            }
            Logger.error(e, "request from {} failed", Printable.of(client));
            return HANDLER_FAILED;
        } finally {
            if (guard != null) {
                guard.stop();
            }
        }
    }

    /**
     * The parent's idle timeout, enforced here: the connection is shut down both ways (not closed,
     * see {@link #shutdownRequest}), so the handler's blocked read or write ends.
     */
    private static @Nullable IdleGuard idleGuard(Object request, SocketAddress client, @Nullable Duration timeout) {
        if (timeout == null || !(request instanceof SocketChannel connection)) {
            return null;
        }
        return IdleGuard.start(timeout, () -> {
            Logger.info("closing the connection from {}: idle for {}", Printable.of(client), Durations.human(timeout));
            shutdownBothWays(connection);
        });
    }

    /** Ends the handler's blocked read or write without closing the inherited channel (see {@link #shutdownRequest}). */
    private static void shutdownBothWays(SocketChannel connection) {
        try {
            connection.shutdownInput();
            connection.shutdownOutput();
        } catch (IOException e) {
            Logger.debug(e, "shutting down a connection"); // the client is gone already
        }
    }

    private static Server server(ChildArguments args, SocketAddress socketAddress) {
        SocketAddress given = args.serverAddress();
        return ChildServer.of(given != null ? given : socketAddress, args.config());
    }

    @SuppressWarnings("unchecked") // the request type is checked when the handler casts it
    private static HandlerFactory<BaseRequestHandler<Object>> handlers(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, ChildMain.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("handler class " + className + " cannot be loaded: " + e, e);
        }
        if (!BaseRequestHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(className + " is not a request handler (a BaseRequestHandler)");
        }
        return HandlerFactory.of((Class<? extends BaseRequestHandler<Object>>) type);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ChildArguments.DATAGRAM_ENV + " is not base64: " + e.getMessage(), e);
        }
    }

    /**
     * CPython's {@code shutdown_request}, less the close: the client sees end of stream at once,
     * and the process's exit closes the socket. Closing a channel from
     * {@link System#inheritedChannel()} would make the JDK point standard input, output and error
     * at {@code /dev/null} (inetd passes the socket as all three), silencing the child's log.
     */
    private static void shutdownRequest(SocketChannel connection) {
        if (connection.isOpen()) {
            try {
                connection.shutdownOutput();
            } catch (IOException e) {
                Logger.trace(e, "shutdownOutput of a finished request"); // the client left first
            }
        }
    }
}
