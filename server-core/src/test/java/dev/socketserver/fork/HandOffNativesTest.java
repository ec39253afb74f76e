package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.internal.FileDescriptors;
import dev.socketserver.internal.OpenDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The hand-off library's receiver ({@code handoff.c}) against the server's sending side
 * ({@link PrivateChannel}, junixsocket): the bytes and the socket arrive, extra descriptors are
 * closed rather than leaked, end of stream and bad arguments are told apart. The build must have
 * made the library (it needs a C compiler): without it this fails, it does not skip.
 */
class HandOffNativesTest {

    private static final MethodHandle WRITE = NativeDescriptors.function("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    @BeforeAll
    static void load() throws Exception {
        System.load(library().toString());
    }

    /** The library as the build made it, in the classes directory. */
    static Path library() throws Exception {
        URL built = ClassLoader.getSystemResource(HandOffLibrary.RESOURCE);
        assertNotNull(built, "the build made no " + HandOffLibrary.RESOURCE + ": it needs a C compiler (Debian: apt-get install gcc)");
        return Path.of(built.toURI());
    }

    @Test
    void aMessageArrivesWithTheSocketThatCameWithIt() throws Throwable {
        withChannel(channel -> {
            try (Connection connection = Connection.open()) {
                channel.write(ByteBuffer.wrap("hand-off".getBytes(StandardCharsets.US_ASCII)), connection.accepted());
                byte[] buffer = new byte[32];
                int[] received = {-2};
                int count = HandOffNatives.receive(number(channel.childEnd()), buffer, 4, 28, received);

                assertEquals("hand-off", new String(buffer, 4, count, StandardCharsets.US_ASCII));
                assertTrue(received[0] >= 0, "a descriptor came: " + received[0]);
                writeThrough(received[0], 'x'); // the received descriptor is the connection's server side
                assertEquals('x', connection.readAtClient());
                NativeDescriptors.close(received[0]);
            }
        });
    }

    @Test
    void bytesWithoutASocketSayNone() throws Throwable {
        withChannel(channel -> {
            writeAtServer(channel, null);
            assertArrayEquals(new int[] {1, -1}, receiveUpTo8(channel), "one byte, no descriptor");
        });
    }

    @Test
    void descriptorsBeyondTheFirstAreClosed() throws Throwable {
        withChannel(channel -> {
            try (Connection first = Connection.open(); Connection second = Connection.open()) {
                int baseline = OpenDescriptors.count();
                writeAtServer(channel, new FileDescriptor[] {first.accepted(), second.accepted()});
                int[] received = receiveUpTo8(channel);
                assertEquals(1, received[0]);
                assertEquals(baseline + 1, OpenDescriptors.count(), "one descriptor kept, the other closed: " + OpenDescriptors.describe());
                NativeDescriptors.close(received[1]);
            }
        });
    }

    @Test
    void endOfStreamIsMinusOne() throws Throwable {
        withChannel(channel -> {
            channel.shutdown();
            assertArrayEquals(new int[] {-1, -1}, receiveUpTo8(channel), "end of stream, no descriptor");
        });
    }

    @Test
    void aClosedDescriptorIsAnIOExceptionNamingTheCall() {
        IOException failed = assertThrows(IOException.class, () -> HandOffNatives.receive(-1, new byte[8], 0, 8, new int[1]));
        assertTrue(failed.getMessage().startsWith("recvmsg: "), failed.getMessage());
    }

    @Test
    void aRangeOutsideTheBufferIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HandOffNatives.receive(0, new byte[8], 4, 5, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> HandOffNatives.receive(0, new byte[8], -1, 2, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> HandOffNatives.receive(0, new byte[8], 0, 0, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> HandOffNatives.receive(0, new byte[8], 0, 8, new int[0]));
    }

    @Test
    void onlyAUnixStreamSocketIsAPrivateChannel() throws Throwable {
        withChannel(channel -> {
            try (Connection tcp = Connection.open()) {
                assertTrue(HandOffNatives.isUnixStream(number(channel.childEnd())));
                assertFalse(HandOffNatives.isUnixStream(number(tcp.accepted())), "a TCP socket");
                assertFalse(HandOffNatives.isUnixStream(-1), "no descriptor");
            }
        });
    }

    /** What a test does with a fresh private channel. */
    private interface ChannelUse {
        void accept(PrivateChannel channel) throws Throwable;
    }

    /** Runs {@code use} on a fresh private channel, closed afterwards. */
    private static void withChannel(ChannelUse use) throws Throwable {
        PrivateChannel channel = PrivateChannel.open();
        try {
            use.accept(channel);
        } finally {
            channel.close();
        }
    }

    /** Up to 8 bytes at the child's end: the count read (-1 at end of stream) and the descriptor that came (-1: none). */
    private static int[] receiveUpTo8(PrivateChannel channel) throws IOException {
        int[] received = {-2};
        int count = HandOffNatives.receive(number(channel.childEnd()), new byte[8], 0, 8, received);
        return new int[] {count, received[0]};
    }

    /** One byte from the server's end, with {@code sockets} (none when null), as junixsocket sends them. */
    private static void writeAtServer(PrivateChannel channel, FileDescriptor[] sockets) throws IOException {
        FileDescriptorCast cast = FileDescriptorCast.duplicating(channel.serverEnd());
        try (AFUNIXSocketChannel server = cast.as(AFUNIXSocketChannel.class)) {
            server.configureBlocking(true);
            if (sockets != null) {
                server.setOutboundFileDescriptors(sockets);
            }
            server.write(ByteBuffer.wrap(new byte[] {1}));
        } finally {
            DescriptorObjects.close(cast.getFileDescriptor());
        }
    }

    private static int number(FileDescriptor descriptor) throws IOException {
        return PrivateChannelTest.number(descriptor);
    }

    private static void writeThrough(int fd, char c) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(1);
            one.set(ValueLayout.JAVA_BYTE, 0, (byte) c);
            assertEquals(1L, (long) WRITE.invokeExact(fd, one, 1L));
        }
    }

    /** A loopback TCP connection; {@link #accepted()} is its server side's descriptor. */
    private record Connection(ServerSocketChannel listener, SocketChannel client, SocketChannel server) implements AutoCloseable {

        static Connection open() throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            return new Connection(listener, client, listener.accept());
        }

        FileDescriptor accepted() throws IOException {
            return FileDescriptors.of(server);
        }

        char readAtClient() throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, client.read(one));
            return (char) one.get(0);
        }

        @Override
        public void close() throws IOException {
            server.close();
            client.close();
            listener.close();
        }
    }
}
