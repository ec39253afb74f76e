package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import org.jetbrains.annotations.Nullable;

/**
 * A JDK {@link SocketChannel} for a connection received from the server, when a pooled child serves
 * more than one request ({@code ForkOptions.requestsPerChild}): {@link System#inheritedChannel()}
 * gives a channel once per JVM, so the second request cannot come through descriptor 0.
 *
 * <p>The channel is the one {@code ServerSocketChannel.accept()} and {@code inheritedChannel()}
 * make, built by the same package-private constructor they call
 * ({@code sun.nio.ch.SocketChannelImpl(SelectorProvider, ProtocolFamily, FileDescriptor, SocketAddress)}),
 * so a handler sees exactly what a child started for its request sees: a JDK channel with
 * {@code sendfile} for {@code transferTo}, the JDK's socket options and address types. The
 * alternative with a public API, junixsocket's {@code FileDescriptorCast}, casts Unix sockets to
 * its own channels but an Internet socket only to its generic one, whose addresses are not
 * {@code InetSocketAddress}es. The constructor needs {@code --add-opens java.base/sun.nio.ch}, which
 * the server gives every child; without it {@link #check()} fails before the child says it is ready.
 */
final class ReceivedConnection {

    private static final String IMPL = "sun.nio.ch.SocketChannelImpl";

    private ReceivedConnection() {
    }

    /**
     * Looked up (and checked) on first use: only children that serve more than one connection need it.
     * Not a holder class: its failed initialisation would surface as an {@link ExceptionInInitializerError}.
     */
    private static @Nullable Constructor<? extends SocketChannel> connected;

    private static Constructor<? extends SocketChannel> connected() {
        Constructor<? extends SocketChannel> found = connected;
        if (found == null) {
            found = connectedConstructor();
            connected = found;
        }
        return found;
    }

    private static Constructor<? extends SocketChannel> connectedConstructor() {
        try {
            Constructor<? extends SocketChannel> constructor = Class.forName(IMPL).asSubclass(SocketChannel.class)
                    .getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class,
                            SocketAddress.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("a pooled child serving more than one request needs " + IMPL
                    + "'s connected-socket constructor (java.base opened to it with "
                    + ChildDescriptors.openFlag() + "): " + e, e);
        }
    }

    /**
     * Fails now rather than at the first request when the channel cannot be built here.
     *
     * @throws IllegalStateException when {@code sun.nio.ch} is not open to this library
     */
    static void check() {
        connected();
    }

    /**
     * The connection on {@code descriptor}, which the channel then owns (closing it closes
     * {@code descriptor} and marks it closed, as {@link DescriptorObjects#close} does).
     *
     * @param client the peer, as the server saw it: an {@link InetSocketAddress} or a
     *     {@link UnixDomainSocketAddress} (its protocol family is the channel's, as the JDK's own
     *     inherited channel takes it from its peer)
     */
    static SocketChannel of(FileDescriptor descriptor, SocketAddress client) throws IOException {
        // instanceof, not a type switch: its bootstrap costs a child several milliseconds
        ProtocolFamily family = client instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                : client instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try {
            return connected().newInstance(SelectorProvider.provider(), family, descriptor, client);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(IMPL + " refused descriptor " + descriptor, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(IMPL + " could not be built for descriptor " + descriptor, e);
        }
    }
}
