package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socketserver.internal.FileDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A waiting child's private channel, once closed, must not touch the descriptor number it had:
 * in a busy server that number is soon another child's channel or a client's connection
 * (docs/forked.md, "A descriptor closed twice"): a junixsocket channel made from a descriptor
 * number still writes to that number after it is closed. Each test puts a live TCP connection on
 * the closed channel's number, as the kernel does with the next socket, and checks the connection
 * still carries bytes both ways.
 */
class PrivateChannelTest {

    private static final MethodHandle DUP2 = NativeDescriptors.function("dup2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    @Test
    void aHandOffToAClosedChannelFailsAndReachesNoOtherSocket() throws Throwable {
        try (Connection next = Connection.open()) {
            PrivateChannel channel = closedWithItsNumberTakenBy(next);
            ByteBuffer message = ByteBuffer.wrap("hand-off".getBytes(StandardCharsets.US_ASCII));
            assertThrows(ClosedChannelException.class, () -> channel.write(message, next.accepted()));
            next.assertCarriesBytesBothWays(); // and the hand-off's bytes are not among them
        }
    }

    @Test
    void closingTwiceClosesOnce() throws Throwable {
        try (Connection next = Connection.open()) {
            PrivateChannel channel = closedWithItsNumberTakenBy(next);
            channel.close();
            next.assertCarriesBytesBothWays();
        }
    }

    /** A channel opened and closed, whose server end's number {@code next} then takes. */
    private static PrivateChannel closedWithItsNumberTakenBy(Connection next) throws Throwable {
        PrivateChannel channel = PrivateChannel.open();
        int number = number(channel.serverEnd());
        channel.close();
        next.takeNumber(number);
        return channel;
    }

    /**
     * A loopback TCP connection, opened before the channel so that none of its sockets takes the
     * channel's number; its accepted end then takes that number too.
     */
    private static final class Connection implements AutoCloseable {

        private final ServerSocketChannel listener;
        private final SocketChannel client;
        private final SocketChannel acceptedChannel;
        private int number = -1;

        private Connection(ServerSocketChannel listener, SocketChannel client, SocketChannel accepted) {
            this.listener = listener;
            this.client = client;
            this.acceptedChannel = accepted;
        }

        static Connection open() throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            return new Connection(listener, client, listener.accept());
        }

        /** Puts the accepted end on {@code closedNumber} as well, as the kernel gives the next socket. */
        void takeNumber(int closedNumber) throws Throwable {
            int own = number(descriptorOf(acceptedChannel));
            assertEquals(closedNumber, (int) DUP2.invokeExact(own, closedNumber), "dup2 onto the closed channel's number");
            number = closedNumber;
        }

        FileDescriptor accepted() throws IOException {
            return descriptorOf(acceptedChannel);
        }

        /** Both ends share the socket on {@code number}: a shutdown or close of that number would show here. */
        void assertCarriesBytesBothWays() throws IOException {
            acceptedChannel.write(ByteBuffer.wrap(new byte[] {'s'}));
            ByteBuffer toClient = ByteBuffer.allocate(16);
            assertEquals(1, client.read(toClient), "the server side's byte reached the client");
            assertEquals('s', toClient.get(0));
            client.write(ByteBuffer.wrap(new byte[] {'c'}));
            ByteBuffer toServer = ByteBuffer.allocate(16);
            assertEquals(1, acceptedChannel.read(toServer), "the client's byte reached the server side");
            assertEquals('c', toServer.get(0));
            assertFalse(toClient.get(0) == 'h', "a hand-off's bytes reached the client");
        }

        @Override
        public void close() throws IOException {
            if (number >= 0) {
                NativeDescriptors.close(number);
            }
            acceptedChannel.close();
            client.close();
            listener.close();
        }
    }

    /** The descriptor's number (junixsocket's cast, as the server side may use it). */
    static int number(FileDescriptor descriptor) throws IOException {
        return FileDescriptorCast.using(descriptor).as(Integer.class);
    }

    private static FileDescriptor descriptorOf(SocketChannel channel) throws IOException {
        return FileDescriptors.of(channel);
    }
}
