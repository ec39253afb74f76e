package dev.socketserver.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Receiving and sending on a Unix datagram server's socket with {@code recvfrom}/{@code sendto}
 * on its descriptor ({@link Libc}), not junixsocket's channel calls: those close the server's
 * socket when a reply meets a client that is gone ({@code ECONNREFUSED}), and they drop
 * zero-length datagrams both ways (send skips them, receive reports no sender). The channel
 * still owns the descriptor, its selector and its close.
 */
final class UnixDatagrams {

    /** A client on an unbound socket: nothing to reply to. */
    static final SocketAddress UNNAMED = UnixDomainSocketAddress.of("");

    private static final int SOCKADDR_UN_SIZE = 110; // sa_family_t sun_family; char sun_path[108]
    private static final int PATH_OFFSET = 2;
    private static final short AF_UNIX = 1;

    /**
     * How long a reply waits for room. A Unix datagram send fails with {@code EAGAIN} when the
     * client's receive queue is full too, so one client that never reads would otherwise hold a
     * sync server forever; UDP drops such a datagram at once.
     */
    static final Duration FULL_QUEUE_WAIT = Duration.ofSeconds(1);

    private UnixDatagrams() {
    }

    /**
     * Takes one datagram, empty ones included, without waiting.
     *
     * @return the sender ({@link #UNNAMED} for an unbound one), or null when none was queued
     */
    static @Nullable SocketAddress receive(AFUNIXDatagramChannel channel, ByteBuffer dst) throws IOException {
        int fd = descriptor(channel);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(dst.remaining());
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE);
            MemorySegment addressLength = arena.allocate(JAVA_INT);
            long received;
            while (true) {
                addressLength.set(JAVA_INT, 0, SOCKADDR_UN_SIZE);
                try {
                    received = Libc.recvfrom(fd, buffer, Libc.MSG_DONTWAIT, address, addressLength);
                    break;
                } catch (Libc.ErrnoException e) {
                    if (e.errno() == Libc.EAGAIN) {
                        return null;
                    }
                    if (e.errno() != Libc.EINTR) {
                        throw e;
                    }
                }
            }
            dst.put(buffer.asSlice(0, received).asByteBuffer());
            return addressOf(address, addressLength.get(JAVA_INT, 0));
        }
    }

    /**
     * Sends {@code data} as one datagram, an empty one too, waiting at most {@link #FULL_QUEUE_WAIT}
     * while there is no room. A failure (the client is gone, say) is thrown and leaves the socket open.
     */
    static void send(AFUNIXDatagramChannel channel, ByteBuffer data, SocketAddress target) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE);
            int addressLength = encode(target, address);
            MemorySegment bytes = arena.allocate(data.remaining());
            bytes.asByteBuffer().put(data.duplicate());
            long deadline = System.nanoTime() + FULL_QUEUE_WAIT.toNanos();
            long pauseMillis = 1;
            while (true) {
                try {
                    Libc.sendto(descriptor(channel), bytes, Libc.MSG_DONTWAIT, address, addressLength);
                    return;
                } catch (Libc.ErrnoException e) {
                    if (e.errno() == Libc.EINTR) {
                        continue;
                    }
                    if (e.errno() != Libc.EAGAIN) {
                        throw e;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new SocketException("reply to " + target + " dropped: the socket stayed full for "
                                + FULL_QUEUE_WAIT.toMillis() + " ms (a client that does not read?)");
                    }
                }
                // Our buffer full: poll wakes when it drains. The client's queue full: poll returns
                // at once, so pause too rather than spin.
                Libc.poll(descriptor(channel), Libc.POLLOUT, (int) pauseMillis);
                sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 50);
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to send a reply");
        }
    }

    private static int descriptor(AFUNIXDatagramChannel channel) throws IOException {
        int fd = FileDescriptors.number(channel);
        if (fd < 0) {
            throw new ClosedChannelException();
        }
        return fd;
    }

    /** {@code struct sockaddr_un} of {@code target} into {@code sockaddr} (zeroed); returns its length. */
    private static int encode(SocketAddress target, MemorySegment sockaddr) throws IOException {
        byte[] path = AFUNIXSocketAddress.of(target).getPathAsBytes();
        boolean isAbstract = path.length > 0 && path[0] == 0;
        int length = path.length + (isAbstract ? 0 : 1); // a file name ends with NUL, an abstract one has none
        if (path.length == 0 || PATH_OFFSET + length > SOCKADDR_UN_SIZE) {
            throw new SocketException("not a Unix socket address to send to: " + target);
        }
        sockaddr.set(JAVA_SHORT, 0, AF_UNIX);
        MemorySegment.copy(path, 0, sockaddr, JAVA_BYTE, PATH_OFFSET, path.length);
        return PATH_OFFSET + length;
    }

    /** The sender {@code recvfrom} wrote: a file name (up to its NUL), an abstract name, or unnamed. */
    private static SocketAddress addressOf(MemorySegment sockaddr, int length) throws SocketException {
        int pathLength = Math.min(length, SOCKADDR_UN_SIZE) - PATH_OFFSET;
        if (pathLength <= 0) {
            return UNNAMED;
        }
        byte[] path = sockaddr.asSlice(PATH_OFFSET, pathLength).toArray(JAVA_BYTE);
        if (path[0] != 0) {
            int end = 0;
            while (end < path.length && path[end] != 0) {
                end++;
            }
            path = Arrays.copyOf(path, end);
        }
        return AFUNIXSocketAddress.of(path);
    }
}
