package dev.socketserver.dispatch;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of socket a forked child finds on its standard input: what a transport hands over ({@link ChildHandOff}). */
public enum ChildTransport {
    /** A connected stream socket, TCP or Unix: the request itself. */
    STREAM,
    /** The UDP server's own socket: the reply goes out on it. */
    UDP,
    /** The Unix datagram server's own socket (the JDK would misreport it as UDP). */
    UNIX_DATAGRAM;

    /** The command-line name: {@code stream}, {@code udp}, {@code unix-datagram}. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The JDK takes an inherited datagram socket for IPv6 whenever IPv6 is available, and then
     * fails to send from an IPv4 one ("Address family not supported"); an IPv4 server's child
     * must run with the IPv4 stack.
     */
    static final List<String> IPV4_STACK = List.of("-Djava.net.preferIPv4Stack=true");

    /** The JVM options every child of a server of this transport bound to {@code serverAddress} needs. */
    public List<String> jvmOptionsFor(SocketAddress serverAddress) {
        boolean ipv4 = serverAddress instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address;
        return this == UDP && ipv4 ? IPV4_STACK : List.of();
    }

    /** Whether requests are datagrams. */
    public boolean isDatagram() {
        return this != STREAM;
    }

    /**
     * Parses {@link #flag()}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ChildTransport parse(String text) {
        for (ChildTransport transport : values()) {
            if (transport.flag().equals(text)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + text + "'; expected one of "
                + Arrays.stream(values()).map(ChildTransport::flag).collect(Collectors.joining(", ")));
    }
}
