package dev.socketserver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** The JVM's open file descriptors (Linux /proc/self/fd), for leak checks. */
final class Fds {

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private Fds() {
    }

    private static volatile boolean warmedUp;

    /**
     * The count to come back to: taken after the JDK's own lazily opened, never closed descriptors
     * exist (the virtual-thread I/O pollers open their epoll descriptors at the first blocking read
     * of a virtual thread).
     */
    static int baseline() {
        if (!warmedUp) {
            warmUpVirtualThreadIo();
            warmedUp = true;
        }
        return count();
    }

    private static void warmUpVirtualThreadIo() {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            Thread reader = Thread.ofVirtual().name("fd-warm-up").start(() -> {
                try {
                    accepted.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            client.write(ByteBuffer.wrap(new byte[] {1}));
            reader.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many descriptors are open now, leaving out epoll instances: the JDK opens one per
     * virtual-thread poller, lazily as carrier threads come and go, and never closes them. A
     * leaked selector still shows, by its eventfd; a leaked connection by its socket. (The
     * listing's own descriptor is counted every time, so it cancels out.)
     */
    static int count() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.filter(fd -> !target(fd).equals("anon_inode:[eventpoll]")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "(gone)"; // closed while listing: the listing's own descriptor, or one closing right now
        }
    }

    /** What each open descriptor is (socket, pipe, epoll, file), for a leak report. */
    static String describe() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return fds.map(fd -> fd.getFileName() + "->" + target(fd))
                    .filter(entry -> !entry.contains(".jar") && !entry.contains("/lib/modules"))
                    .sorted().toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until no more than {@code baseline} descriptors are open: connections are closed by
     * other threads a moment after a client sees the end, so poll, boundedly.
     */
    static void awaitBackTo(int baseline) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int now;
        while ((now = count()) > baseline) {
            if (System.nanoTime() > deadline) {
                fail("descriptor leak: " + now + " open, baseline " + baseline + ": " + describe());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
