package dev.socketserver.cli;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Socket addresses as people write them: {@code 127.0.0.1:9999}, {@code [::1]:9999}, {@code /tmp/s.sock}. */
final class Addresses {

    private Addresses() {
    }

    static String show(SocketAddress address) {
        return switch (address) {
            // junixsocket's address (a unix-dgram server's) extends InetSocketAddress: match it first
            case AFUNIXSocketAddress unix -> unix.getPath();
            case InetSocketAddress inet when inet.isUnresolved() -> inet.getHostString() + ":" + inet.getPort();
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address v6 ->
                    "[" + v6.getHostAddress() + "]:" + inet.getPort();
            case InetSocketAddress inet -> inet.getAddress().getHostAddress() + ":" + inet.getPort();
            case UnixDomainSocketAddress unix -> unix.getPath().toString();
            default -> address.toString();
        };
    }
}
