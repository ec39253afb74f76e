package dev.socketserver.fork;

import dev.socketserver.dispatch.ChildTransport;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** The socket a child finds on its standard input (descriptor 0), as a channel. */
final class InheritedSocket {

    private InheritedSocket() {
    }

    /**
     * A connected TCP or Unix stream socket; or, given a listening socket (inetd "wait",
     * systemd {@code Accept=no}) and {@code fromForkingServer} false, the next connection
     * accepted from it.
     *
     * @param fromForkingServer whether a forking server started this child: it always hands over
     *     a connection, and the JDK takes a connection the client has already reset for a
     *     listening socket (it has no peer address any more)
     * @throws IOException when the client's connection was reset before the child started
     */
    static SocketChannel stream(boolean fromForkingServer) throws IOException {
        // instanceof, not a type switch: its bootstrap costs a child's start-up several milliseconds
        Channel inherited = System.inheritedChannel();
        if (inherited instanceof SocketChannel connection) {
            return connection;
        }
        if (inherited instanceof ServerSocketChannel listener) {
            if (fromForkingServer) {
                throw new IOException("the client reset its connection before this child started");
            }
            return listener.accept();
        }
        throw notA("connected stream socket");
    }

    /** A datagram socket of {@code transport}'s family. */
    static DatagramChannel datagram(ChildTransport transport) throws IOException {
        if (transport == ChildTransport.UNIX_DATAGRAM) {
            // The JDK reports a Unix datagram socket as a UDP one; junixsocket sees it as it is.
            FileDescriptorCast cast = FileDescriptorCast.using(FileDescriptor.in);
            if (cast.isAvailable(AFUNIXDatagramChannel.class)) {
                return cast.as(AFUNIXDatagramChannel.class);
            }
            throw notA("Unix datagram socket");
        }
        if (System.inheritedChannel() instanceof DatagramChannel channel) {
            return channel;
        }
        throw notA("UDP socket");
    }

    /** Standard input is not what the command line said: a set-up error, not a failed request. */
    private static IllegalStateException notA(String what) throws IOException {
        @Nullable Channel found = System.inheritedChannel();
        return new IllegalStateException("standard input is not a " + what + " (found "
                + (found == null ? "no socket" : found.getClass().getSimpleName()) + ")");
    }
}
