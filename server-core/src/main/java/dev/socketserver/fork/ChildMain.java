package dev.socketserver.fork;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.DatagramRequest;
import dev.socketserver.Server;
import dev.socketserver.dispatch.RequestTask;
import dev.socketserver.internal.ConnectionPermits;
import dev.socketserver.internal.DatagramIo;
import dev.socketserver.internal.HandlerFactory;
import dev.socketserver.Printable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
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
 *     java -cp socketserver.jar dev.socketserver.fork.ChildMain dev.socketserver.handlers.EchoStreamHandler
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
            usage: java -cp CLASSPATH dev.socketserver.fork.ChildMain [--transport=stream|udp|unix-datagram] \
            [--server-address=ADDR] [--client-address=ADDR] [--parent-pid=PID] HANDLER_CLASS [KEY=VALUE ...]
            (standard input must be the socket: a connection, or a datagram server's socket)""";

    /** Datagrams read under socket activation are cut at this size, the largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_536;

    private ChildMain() {
    }

    public static void main(String[] args) {
        List<String> argv = List.of(args);
        int status = !argv.isEmpty() && argv.getFirst().equals(ChildArguments.POOLED)
                ? PooledChildMain.run(argv.subList(1, argv.size()))
                : run(argv, System.getenv(ChildArguments.DATAGRAM_ENV));
        if (!ChildExit.mayReturn(status)) {
            System.exit(status);
        }
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

    /** The parsed command line and the handler factory; null after a usage error (logged). */
    record Setup(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers) {
    }

    /** {@link #parse}, then the parent watch started, for a child whose request is on standard input already. */
    private static @Nullable Setup setUp(List<String> argv) {
        Setup setup = parse(argv);
        if (setup != null && setup.args().parentPid() > 0) {
            ParentWatch.start(setup.args().parentPid());
        }
        return setup;
    }

    /** The command line parsed and the handler class loaded; the caller starts the parent watch. */
    static @Nullable Setup parse(List<String> argv) {
        ChildArguments args;
        HandlerFactory<BaseRequestHandler<Object>> handlers;
        try {
            args = ChildArguments.parse(argv);
            handlers = handlers(args.handlerClass());
        } catch (IllegalArgumentException e) {
            Logger.error("{}\n{}", e.getMessage(), USAGE_TEXT);
            return null;
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
                    : serveStream(args, handlers, InheritedSocket.stream(args.parentPid() > 0));
        } catch (IllegalArgumentException | IllegalStateException e) {
            Logger.error("{}\n{}", e.getMessage(), USAGE_TEXT);
            return USAGE;
        } catch (IOException e) {
            // The client went away (or the socket failed) before a handler existed: no stack needed.
            Logger.error("the request could not be taken from standard input: {}", e.getMessage());
            return HANDLER_FAILED;
        }
    }

    /**
     * Serves a connection that is not on standard input (a pooled child's, when it serves more
     * than one), as {@link #serveInherited} serves one that is, then closes it: the next request
     * must not find it open.
     */
    static int serveConnection(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                               SocketChannel connection) {
        try (connection) {
            return serveStream(args, handlers, connection);
        } catch (IOException e) {
            Logger.error("the request could not be taken from the server: {}", e.getMessage());
            return HANDLER_FAILED;
        }
    }

    private static int serveStream(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                                   SocketChannel connection) throws IOException {
        try {
            SocketAddress client = connection.getRemoteAddress();
            if (client == null) {
                throw new IOException("the client is gone already");
            }
            // A forking server's stop closes the connection when its handler awaits a request.
            return serve(handlers, connection, client, server(args, connection.getLocalAddress()), args.parentPid() > 0);
        } finally {
            ChildRequestHooks.shutdownOutput(connection); // also when no request was served
        }
    }

    private static int serveDatagram(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                                     byte @Nullable [] datagram) throws IOException {
        DatagramChannel socket = InheritedSocket.datagram(args.transport());
        if (socket instanceof AFUNIXDatagramChannel unix) {
            unix.setDeleteOnClose(false); // the socket file belongs to the server
        }
        // Never closed here (see ChildRequestHooks): the process's exit closes it.
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
        return serve(handlers, request, client, server(args, socket.getLocalAddress()), false);
    }

    /**
     * CPython's forked child: the same request task as the server's ({@code finish_request},
     * {@code handle_error} on failure, {@code shutdown_request}), then status 0 or 1.
     *
     * @param stoppable whether the server's stop signal closes the connection when idle ({@link StopWhenIdle})
     */
    private static int serve(HandlerFactory<BaseRequestHandler<Object>> handlers, Object request,
                             SocketAddress client, Server server, boolean stoppable) {
        ChildRequestHooks hooks = new ChildRequestHooks(handlers, server, request instanceof SocketChannel);
        RequestTask<Object> task = new RequestTask<>(hooks, request, client, ConnectionPermits.Permit.NONE);
        if (stoppable) {
            StopWhenIdle.install(task);
        }
        task.run();
        return hooks.failed() ? HANDLER_FAILED : OK;
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
}
