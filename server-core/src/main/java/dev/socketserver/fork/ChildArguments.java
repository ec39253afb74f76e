package dev.socketserver.fork;

import dev.socketserver.HandlerConfig;
import dev.socketserver.dispatch.ChildTransport;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.annotations.Nullable;

/**
 * The command line of {@link ChildMain}, shared by the parent that writes it and the child that
 * reads it:
 *
 * <pre>
 * ChildMain [--pooled] [--transport=stream|udp|unix-datagram] [--server-address=ADDR] [--client-address=ADDR]
 *           [--parent-pid=PID] HANDLER_CLASS [KEY=VALUE ...]
 * </pre>
 *
 * The {@code KEY=VALUE} words are the handler's {@link HandlerConfig} ({@link HandlerConfig#toArgs()}).
 * Addresses are in {@link ChildAddresses} form. A forked datagram's bytes do not travel on the
 * command line (where {@code ps} would show them to every local user) but in the environment
 * variable {@link #DATAGRAM_ENV}, base64-encoded.
 *
 * @param transport what the socket on standard input is
 * @param handlerClass the handler's binary class name
 * @param serverAddress the address the handler sees as its server's; null: the socket's own
 * @param clientAddress a forked datagram's sender; null for streams (the socket knows its peer)
 *     and for socket activation of a datagram socket (the child receives the datagram itself)
 * @param parentPid the forking server's process id, watched so the child never outlives it; 0: none
 * @param config the handler's configuration
 */
public record ChildArguments(
        ChildTransport transport,
        String handlerClass,
        @Nullable SocketAddress serverAddress,
        @Nullable SocketAddress clientAddress,
        long parentPid,
        HandlerConfig config) {

    /**
     * First word of a pooled child's command line: its standard input is its private channel to the
     * server, on which it waits for a request ({@link HandOffReceiver}) instead of holding one.
     */
    public static final String POOLED = "--pooled";

    /** The environment variable carrying a forked datagram's bytes, base64. */
    public static final String DATAGRAM_ENV = "SOCKETSERVER_DATAGRAM";

    private static final String TRANSPORT = "--transport=";
    private static final String SERVER = "--server-address=";
    private static final String CLIENT = "--client-address=";
    private static final String PARENT = "--parent-pid=";

    /** Checks the class name and that only datagrams carry a client address. */
    public ChildArguments {
        if (handlerClass.isBlank() || handlerClass.startsWith("-")) {
            throw new IllegalArgumentException("invalid handler class name '" + handlerClass + "'");
        }
        if (clientAddress != null && !transport.isDatagram()) {
            throw new IllegalArgumentException("a client address is given only for datagrams; a stream socket knows its peer");
        }
        if (parentPid < 0) {
            throw new IllegalArgumentException("parent pid must be positive, got " + parentPid);
        }
    }

    /** The same with a datagram's sender: what a pooled child learns with its request. */
    public ChildArguments withClientAddress(SocketAddress client) {
        return new ChildArguments(transport, handlerClass, serverAddress, client, parentPid, config);
    }

    /** The words after the main class name. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add(TRANSPORT + transport.flag());
        if (serverAddress != null) {
            args.add(SERVER + ChildAddresses.format(serverAddress));
        }
        if (clientAddress != null) {
            args.add(CLIENT + ChildAddresses.format(clientAddress));
        }
        if (parentPid > 0) {
            args.add(PARENT + parentPid);
        }
        args.add(handlerClass);
        args.addAll(config.toArgs());
        return args;
    }

    /**
     * Parses {@link #toArgs()}'s form.
     *
     * @throws IllegalArgumentException with a message saying which word is wrong
     */
    public static ChildArguments parse(List<String> args) {
        ChildTransport transport = ChildTransport.STREAM;
        String server = null;
        String client = null;
        long parentPid = 0;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("--"); i++) {
            String arg = args.get(i);
            if (arg.startsWith(TRANSPORT)) {
                transport = ChildTransport.parse(arg.substring(TRANSPORT.length()));
            } else if (arg.startsWith(SERVER)) {
                server = arg.substring(SERVER.length());
            } else if (arg.startsWith(CLIENT)) {
                client = arg.substring(CLIENT.length());
            } else if (arg.startsWith(PARENT)) {
                parentPid = parsePid(arg.substring(PARENT.length()));
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (i == args.size()) {
            throw new IllegalArgumentException("missing the handler class name");
        }
        boolean junixsocket = transport == ChildTransport.UNIX_DATAGRAM;
        return new ChildArguments(transport, args.get(i),
                server == null ? null : ChildAddresses.parse(server, junixsocket),
                client == null ? null : ChildAddresses.parse(client, junixsocket),
                parentPid,
                HandlerConfig.fromArgs(args.subList(i + 1, args.size())));
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parent pid '" + text + "' is not a number", e);
        }
    }
}
