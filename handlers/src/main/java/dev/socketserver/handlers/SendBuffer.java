package dev.socketserver.handlers;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * A larger TCP send buffer for a large body, where the kernel grants more than its own tuning
 * would reach. Under a virtual thread the JDK runs {@code sendfile(2)} on the non-blocking socket:
 * when the buffer is full, the sender parks until the kernel reports a third of it free, and the
 * client lives on what is left while the wake-up goes through the JDK's poller to a carrier
 * thread. Twice the buffer halves those park and wake-up cycles and doubles what the client has
 * to read meanwhile (measured in docs/benchmarks.md).
 *
 * <p>Setting {@code SO_SNDBUF} ends Linux's automatic tuning of that socket's buffer, which grows up
 * to {@code net.ipv4.tcp_wmem}'s maximum; the kernel caps the value at {@code net.core.wmem_max}
 * and allocates twice what is asked (the JDK reports half of it back). So the buffer is set only
 * where twice the value granted is above what the tuning could reach, which on a stock kernel
 * ({@code wmem_max} 212,992, {@code tcp_wmem} up to 4 MiB) never happens; and never where procfs
 * cannot be read.
 */
final class SendBuffer {

    /** The smallest body that gets the larger buffer: below it a body is a few buffers' worth. */
    static final long LARGE_BODY_BYTES = 16L << 20;

    /** The most asked for ({@code SO_SNDBUF} as the JDK takes it; the kernel allocates twice). */
    static final int MOST_BYTES = 4 << 20;

    private SendBuffer() {
    }

    /**
     * What this machine's kernel gives a large body, read on the first large body (a forked child
     * sending a small file never reads procfs, nor compiles the pattern that splits its lines);
     * 0 leaves the kernel's tuning alone.
     */
    static int chosenBytes() {
        return Chosen.BYTES;
    }

    private static final class Chosen {
        static final int BYTES = chosen(read(Path.of("/proc/sys/net/core/wmem_max"), 0),
                read(Path.of("/proc/sys/net/ipv4/tcp_wmem"), 2));
    }

    /**
     * The {@code SO_SNDBUF} for a large body: {@link #MOST_BYTES}, or less where the kernel caps
     * it, when the kernel then allocates more than its own tuning reaches; else 0 (leave it).
     *
     * @param wmemMax {@code net.core.wmem_max}, or a negative number when unknown
     * @param tunedMax the third value of {@code net.ipv4.tcp_wmem}, or a negative number when unknown
     */
    static int chosen(long wmemMax, long tunedMax) {
        if (wmemMax <= 0 || tunedMax <= 0) {
            return 0;
        }
        long granted = Math.min(MOST_BYTES, wmemMax);
        return 2 * granted > tunedMax ? (int) granted : 0;
    }

    /**
     * Enlarges the send buffer of a TCP connection about to carry {@code size} bytes, when the
     * body is large and the buffer is smaller than {@link #chosenBytes()}. Unix sockets are left alone.
     */
    static void enlargeFor(long size, WritableByteChannel out) throws IOException {
        if (size >= LARGE_BODY_BYTES && chosenBytes() > 0 && out instanceof SocketChannel socket
                && socket.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)
                && socket.getOption(StandardSocketOptions.SO_SNDBUF) < chosenBytes()) {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, chosenBytes());
        }
    }

    /** The {@code index}th whitespace-separated number in {@code file}, or -1. */
    static long read(Path file, int index) {
        // Not Files.readString: it trusts the size procfs reports (0); see ListenBacklog.
        try (var lines = Files.newBufferedReader(file)) {
            String[] fields = String.valueOf(lines.readLine()).strip().split("\\s+");
            return Long.parseLong(fields[index]);
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            Logger.debug("cannot read {} ({}); the send buffer is left to the kernel", file, e.toString());
            return -1;
        }
    }
}
