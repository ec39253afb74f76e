package dev.socketserver.fork;

import dev.socketserver.HandlerConfig;
import dev.socketserver.dispatch.ChildTransport;
import java.net.SocketAddress;
import java.util.List;

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
     * @param transport what the server's transport hands its children (its {@code childTransport()})
     */
    public static ChildTemplate of(ChildTransport transport, SocketAddress serverAddress, Class<?> handlerClass,
                                   HandlerConfig config) {
        return new ChildTemplate(
                new ChildArguments(transport, handlerClass.getName(), serverAddress, null,
                        ProcessHandle.current().pid(), config),
                transport.jvmOptionsFor(serverAddress));
    }
}
