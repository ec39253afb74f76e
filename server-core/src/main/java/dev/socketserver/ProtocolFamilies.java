package dev.socketserver;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;

/** The protocol family to open a channel with, for the address it will bind or connect to. */
public final class ProtocolFamilies {

    private ProtocolFamilies() {
    }

    /**
     * UNIX, INET6 or INET by the address.
     *
     * @param address a Unix-domain or Internet socket address
     * @return the protocol family to open a channel for that address with
     * @throws IllegalArgumentException for any other kind of address
     */
    public static ProtocolFamily of(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress unix -> StandardProtocolFamily.UNIX;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address -> StandardProtocolFamily.INET6;
            case InetSocketAddress inet -> StandardProtocolFamily.INET;
            default -> throw new IllegalArgumentException("unsupported address " + address);
        };
    }
}
