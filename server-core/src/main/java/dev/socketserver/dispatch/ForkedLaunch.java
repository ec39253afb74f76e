package dev.socketserver.dispatch;

import dev.socketserver.DatagramRequest;
import dev.socketserver.HandlerConfig;
import dev.socketserver.child.ChildArguments;
import dev.socketserver.child.ChildTransport;
import dev.socketserver.internal.FileDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/**
 * One child to start: the socket that becomes its standard input, its command line, and for a
 * datagram the bytes already read (they travel in the child's environment).
 *
 * @param socket the accepted connection, or the datagram server's own socket
 * @param arguments the child's command line
 * @param datagram the datagram's bytes; null for a connection
 * @param clientAddress the client, for the server's log
 * @param jvmOptions JVM options this request needs in the child
 */
public record ForkedLaunch(FileDescriptor socket, ChildArguments arguments, byte @Nullable [] datagram,
                           SocketAddress clientAddress, List<String> jvmOptions) {

    /**
     * The JDK takes an inherited datagram socket for IPv6 whenever IPv6 is available, and then
     * fails to send from an IPv4 one ("Address family not supported"); an IPv4 server's child
     * must run with the IPv4 stack.
     */
    static final List<String> IPV4_DATAGRAM = List.of("-Djava.net.preferIPv4Stack=true");

    public ForkedLaunch {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Describes a server's request to a child.
     *
     * @param request an accepted {@link SocketChannel} or a {@link DatagramRequest}
     * @throws UnsupportedOperationException for another request type
     */
    public static ForkedLaunch of(Object request, SocketAddress clientAddress, SocketAddress serverAddress,
                                  Class<?> handlerClass, HandlerConfig config) throws IOException {
        long parent = ProcessHandle.current().pid();
        return switch (request) {
            case SocketChannel connection -> new ForkedLaunch(FileDescriptors.of(connection),
                    new ChildArguments(ChildTransport.STREAM, handlerClass.getName(), serverAddress, null, parent, config),
                    null, clientAddress, List.of());
            case DatagramRequest datagram -> {
                ChildTransport transport = datagram.socket() instanceof AFUNIXDatagramChannel
                        ? ChildTransport.UNIX_DATAGRAM : ChildTransport.UDP;
                yield new ForkedLaunch(FileDescriptors.of(datagram.socket()),
                        new ChildArguments(transport, handlerClass.getName(), serverAddress, clientAddress, parent, config),
                        datagram.bytes(), clientAddress, jvmOptionsFor(transport, serverAddress));
            }
            default -> throw new UnsupportedOperationException(
                    "forked mode cannot hand a " + request.getClass().getName() + " to a child process");
        };
    }

    /** The JVM options a child serving {@code transport} on {@code serverAddress} needs. */
    static List<String> jvmOptionsFor(ChildTransport transport, SocketAddress serverAddress) {
        return transport == ChildTransport.UDP && isIpv4(serverAddress) ? IPV4_DATAGRAM : List.of();
    }

    private static boolean isIpv4(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address;
    }
}
