package dev.socketserver.fork;

import dev.socketserver.BaseServer;
import dev.socketserver.dispatch.ChildHandOff;
import java.io.FileDescriptor;
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
}
