package dev.socketserver.fork;

import dev.socketserver.HandlerConfig;
import dev.socketserver.dispatch.ChildTransport;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.util.List;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/**
 * What every child of one server has in common, known before any request: a waiting child of the
 * pool is started from it, and learns the rest (the socket, the client, a datagram's bytes) when
 * it is handed its request.
 *
 * @param arguments the child's command line, without a client address
 * @param jvmOptions JVM options the server's requests need in a child
 */
public record ChildTemplate(ChildArguments arguments, List<String> jvmOptions) {

    public ChildTemplate {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The template for a server's children.
     *
     * @param serverSocket the server's own socket, which says the transport
     */
    public static ChildTemplate of(NetworkChannel serverSocket, SocketAddress serverAddress, Class<?> handlerClass,
                                   HandlerConfig config) {
        ChildTransport transport = serverSocket instanceof AFUNIXDatagramChannel ? ChildTransport.UNIX_DATAGRAM
                : serverSocket instanceof DatagramChannel ? ChildTransport.UDP : ChildTransport.STREAM;
        return new ChildTemplate(
                new ChildArguments(transport, handlerClass.getName(), serverAddress, null,
                        ProcessHandle.current().pid(), config),
                ForkedLaunch.jvmOptionsFor(transport, serverAddress));
    }
}
