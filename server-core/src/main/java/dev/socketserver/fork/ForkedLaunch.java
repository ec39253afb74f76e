package dev.socketserver.fork;

import dev.socketserver.BaseServer;
import dev.socketserver.dispatch.ChildHandOff;
import dev.socketserver.dispatch.ChildTransport;
import java.io.FileDescriptor;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.jetbrains.annotations.Nullable;

/**
 * One child to start, or one request to hand to a waiting child: the socket that becomes its
 * standard input, its command line, and for a datagram the bytes already read (they travel in the
 * child's environment, or over the pooled child's channel).
 *
 * @param socket the accepted connection, or the datagram server's own socket
 * @param arguments the child's command line
 * @param datagram the datagram's bytes; null for a connection
 * @param clientAddress the client, for the server's log
 * @param jvmOptions JVM options this request needs in the child
 */
record ForkedLaunch(FileDescriptor socket, ChildArguments arguments, byte @Nullable [] datagram,
                    SocketAddress clientAddress, List<String> jvmOptions) {

    /** See {@link ChildHandOff#datagram}: an IPv4 UDP server's child needs the IPv4 stack. */
    static final List<String> IPV4_DATAGRAM = List.of("-Djava.net.preferIPv4Stack=true");

    ForkedLaunch {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The request as its transport handed it over ({@code handOff}), with what {@code server} gives every child. */
    static ForkedLaunch of(ChildHandOff handOff, SocketAddress client, BaseServer<?> server) {
        ChildArguments arguments = new ChildArguments(handOff.transport(), server.handlerClass().getName(),
                server.serverAddress(), handOff.datagramClient(), ProcessHandle.current().pid(),
                CarriedLimits.carriedIn(server.limits(), server.handlerConfig()));
        return new ForkedLaunch(handOff.socket(), arguments, handOff.datagram(), client, handOff.jvmOptions());
    }

    /** The JVM options a waiting child of the pool serving {@code transport} on {@code serverAddress} needs. */
    static List<String> jvmOptionsFor(ChildTransport transport, SocketAddress serverAddress) {
        return transport == ChildTransport.UDP && isIpv4(serverAddress) ? IPV4_DATAGRAM : List.of();
    }

    private static boolean isIpv4(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address;
    }
}
