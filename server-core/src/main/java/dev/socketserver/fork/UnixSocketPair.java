package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A connected pair of Unix stream sockets ({@code socketpair(2)}), through the JDK's
 * foreign-function interface: a waiting child's private channel. junixsocket's
 * {@code AFUNIXSocketPair.open()} would do, but it leaves two descriptors open per pair after both
 * ends are closed (seen here with 2.11.1: the server's descriptors grew with every pooled child).
 */
final class UnixSocketPair {

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000; // Linux: no other child inherits either end

    private static final MethodHandle SOCKETPAIR = NativeDescriptors.function("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private UnixSocketPair() {
    }

    /** Two connected descriptors; the caller closes both, with {@link DescriptorObjects#close}. */
    static FileDescriptor[] open() throws IOException {
        int[] pair = numbers();
        try {
            return new FileDescriptor[] {FileDescriptorCast.unsafeUsing(pair[0]).getFileDescriptor(),
                    FileDescriptorCast.unsafeUsing(pair[1]).getFileDescriptor()};
        } catch (IOException | RuntimeException e) {
            NativeDescriptors.close(pair[0]);
            NativeDescriptors.close(pair[1]);
            throw e;
        }
    }

    private static int[] numbers() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int result = (int) SOCKETPAIR.invokeExact(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            if (result != 0) {
                throw new IOException("socketpair failed");
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("socketpair could not be called", e);
        }
    }
}
