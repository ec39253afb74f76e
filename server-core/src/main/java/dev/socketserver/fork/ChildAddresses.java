package dev.socketserver.fork;

import dev.socketserver.DatagramServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Socket addresses as command-line text, for the parent-to-child command line:
 * {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code unix:/run/echo.sock}, and {@code unix:} for an
 * unnamed Unix socket. Internet hosts are always numeric, so parsing never asks DNS. junixsocket
 * is only touched for its own addresses (loading it costs a child's start-up several milliseconds).
 */
public final class ChildAddresses {

    private static final String UNIX = "unix:";

    private ChildAddresses() {
    }

    /**
     * The text form of {@code address}.
     *
     * @throws IllegalArgumentException for an address that has no text form here (an abstract
     *     Unix name, an unresolved host, another family)
     */
    public static String format(SocketAddress address) {
        return switch (address) {
            case InetSocketAddress inet when inet.getAddress() != null -> {
                String host = inet.getAddress().getHostAddress();
                yield (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
            }
            case UnixDomainSocketAddress unix -> UNIX + unix.getPath();
            default -> {
                String path = JunixAddresses.pathOf(address);
                if (path == null) {
                    throw new IllegalArgumentException("cannot pass address " + address + " to a child process");
                }
                yield UNIX + path;
            }
        };
    }

    /**
     * Parses {@link #format}'s output. Unix paths become JDK {@link UnixDomainSocketAddress}es, or
     * junixsocket {@code AFUNIXSocketAddress}es with {@code junixsocket} (Unix datagram servers);
     * {@code unix:} alone is {@link DatagramServer#UNNAMED_CLIENT}.
     *
     * @throws IllegalArgumentException naming the text when it is not an address
     */
    public static SocketAddress parse(String text, boolean junixsocket) {
        if (text.startsWith(UNIX)) {
            String path = text.substring(UNIX.length());
            if (path.isEmpty()) {
                return DatagramServer.UNNAMED_CLIENT;
            }
            return junixsocket ? JunixAddresses.of(Path.of(path)) : UnixDomainSocketAddress.of(path);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address '" + text + "' is not HOST:PORT or unix:PATH");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!isNumericHost(host)) {
            throw new IllegalArgumentException("address '" + text + "' needs a numeric host");
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) { // NumberFormatException, or a port out of range
            throw new IllegalArgumentException("address '" + text + "' has no valid port", e);
        }
    }

    /**
     * A connection's peer from {@link #format}'s output: as {@link #parse} without junixsocket, but
     * an unnamed Unix peer is {@code UnixDomainSocketAddress.of("")}, as the JDK reports it.
     */
    static SocketAddress parseConnectionPeer(String text) {
        return text.startsWith(UNIX) ? UnixDomainSocketAddress.of(text.substring(UNIX.length())) : parse(text, false);
    }

    private static boolean isNumericHost(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
