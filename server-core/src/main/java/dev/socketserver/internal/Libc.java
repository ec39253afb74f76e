package dev.socketserver.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.SocketException;

/**
 * The few C library calls the Unix datagram transport makes itself, through the JDK's foreign
 * function API. junixsocket's own send closes the socket when {@code sendto} fails with
 * {@code ECONNREFUSED} (a datagram server's client that went away), and it neither sends nor
 * reports a zero-length datagram; these calls do neither. Linux values for the constants.
 */
final class Libc {

    static final int MSG_DONTWAIT = 0x40;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final short POLLOUT = 0x4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // ssize_t sendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t)
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    // ssize_t recvfrom(int, void *, size_t, int, struct sockaddr *, socklen_t *)
    private static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    // int poll(struct pollfd *, nfds_t, int)
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    // char *strerror(int)
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, CAPTURE_ERRNO);
    }

    /** A failed call: the C {@code errno} and its text. */
    static final class ErrnoException extends SocketException {
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /** {@code sendto(2)}; the bytes sent, or an {@link ErrnoException} (never closes {@code fd}). */
    static long sendto(int fd, MemorySegment data, int flags, MemorySegment address, int addressLength)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long sent;
            try {
                sent = (long) SENDTO.invokeExact(state, fd, data, data.byteSize(), flags, address, addressLength);
            } catch (Throwable e) {
                throw NativeCallFailure.of(e);
            }
            return check("sendto", sent, state);
        }
    }

    /**
     * {@code recvfrom(2)}: the datagram's length (0 for an empty one), the sender's address in
     * {@code address} and its length in {@code addressLength}.
     */
    static long recvfrom(int fd, MemorySegment buffer, int flags, MemorySegment address, MemorySegment addressLength)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long received;
            try {
                received = (long) RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), flags, address,
                        addressLength);
            } catch (Throwable e) {
                throw NativeCallFailure.of(e);
            }
            return check("recvfrom", received, state);
        }
    }

    /** {@code poll(2)} on one descriptor; whether it became ready for {@code events} within {@code timeoutMillis}. */
    static boolean poll(int fd, short events, int timeoutMillis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment pollfd = arena.allocate(8); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, events);
            int ready;
            try {
                ready = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
            } catch (Throwable e) {
                throw NativeCallFailure.of(e);
            }
            return check("poll", ready, state) > 0;
        }
    }

    private static long check(String call, long result, MemorySegment state) throws ErrnoException {
        if (result >= 0) {
            return result;
        }
        throw new ErrnoException(call, (int) ERRNO.get(state, 0L));
    }

    private static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable e) {
            throw NativeCallFailure.of(e);
        }
    }
}
