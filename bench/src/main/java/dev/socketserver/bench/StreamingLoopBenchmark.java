package dev.socketserver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.tinylog.Logger;

/**
 * The streaming loop alone: one file of the benchmark set written into one loopback TCP
 * connection, whose other end a drain thread reads and discards. An operation sends the whole
 * file once; ops/s × size is bytes/s.
 *
 * <ul>
 *   <li>{@code seedLines}: the seed's {@code for line in f: send(line)} — a buffered reader split
 *       at newlines, one socket write per line (random bytes: a line is 256 bytes on average).</li>
 *   <li>{@code bufferedCopy}: read 64 KiB from the file, write it, repeat.</li>
 *   <li>{@code transferTo}: {@link FileChannel#transferTo}, {@code sendfile(2)} on Linux.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class StreamingLoopBenchmark {

    @Param({"seedLines", "bufferedCopy", "transferTo"})
    public String loop = "transferTo";

    @Param({"1MiB"})
    public String size = "1MiB";

    private static final int COPY_BUFFER = 64 * 1024;
    private static final int LINE_READ_BUFFER = 8 * 1024; // Python's io.DEFAULT_BUFFER_SIZE

    private @Nullable ServedFiles files;
    private @Nullable SocketChannel sender;
    private @Nullable SocketChannel receiver;
    private @Nullable Thread drain;
    private final AtomicLong drained = new AtomicLong();
    private long sentTotal; // only the benchmark thread writes it
    private final byte[] copyBuffer = new byte[COPY_BUFFER];
    private FileSize fileSize = FileSize.MIB_1;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fileSize = FileSize.parse(size);
        files = ServedFiles.create(fileSize);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sender = SocketChannel.open(listener.getLocalAddress());
            receiver = listener.accept();
        }
        SocketChannel in = receiver;
        drain = Thread.ofPlatform().name("loop-bench-drain").start(() -> drain(in));
    }

    private void drain(SocketChannel in) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            int n;
            while ((n = in.read(buffer.clear())) >= 0) {
                drained.addAndGet(n);
            }
        } catch (IOException e) {
            Logger.debug(e, "drain ended");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        if (sender != null) {
            sender.close();
        }
        if (drain != null) {
            drain.join();
        }
        if (drained.get() != sentTotal) {
            throw new IllegalStateException("the loop sent " + sentTotal + " bytes but " + drained.get() + " arrived");
        }
        if (receiver != null) {
            receiver.close();
        }
        if (files != null) {
            files.close();
        }
    }

    @Benchmark
    public long send() throws IOException {
        SocketChannel out = sender;
        if (out == null || files == null) {
            throw new IllegalStateException("setUp() did not run");
        }
        long bytes = switch (loop) {
            case "seedLines" -> seedLines(out);
            case "bufferedCopy" -> bufferedCopy(out);
            case "transferTo" -> transferTo(out);
            default -> throw new IllegalArgumentException("unknown loop '" + loop + "'");
        };
        if (bytes != fileSize.bytes()) {
            throw new IllegalStateException(loop + " sent " + bytes + " bytes of a " + fileSize.bytes() + "-byte file");
        }
        sentTotal += bytes;
        return bytes;
    }

    /** {@code for line in f: sock.send(line)}: one write per newline-terminated line. */
    private long seedLines(SocketChannel out) throws IOException {
        long sent = 0;
        byte[] pending = new byte[0];
        try (InputStream in = Files.newInputStream(files().path(fileSize))) {
            byte[] chunk = new byte[LINE_READ_BUFFER];
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        sent += sendLine(out, pending, chunk, start, i + 1 - start);
                        pending = new byte[0];
                        start = i + 1;
                    }
                }
                pending = join(pending, chunk, start, n - start);
            }
        }
        if (pending.length > 0) {
            sent += sendLine(out, pending, pending, 0, 0);
        }
        return sent;
    }

    /** A line is what was left over from the previous chunk, then {@code length} bytes of this one. */
    private static long sendLine(SocketChannel out, byte[] pending, byte[] chunk, int start, int length)
            throws IOException {
        ByteBuffer line = pending.length == 0
                ? ByteBuffer.wrap(chunk, start, length)
                : ByteBuffer.wrap(join(pending, chunk, start, length));
        int bytes = line.remaining();
        writeFully(out, line);
        return bytes;
    }

    private static byte[] join(byte[] head, byte[] chunk, int start, int length) {
        byte[] joined = new byte[head.length + length];
        System.arraycopy(head, 0, joined, 0, head.length);
        System.arraycopy(chunk, start, joined, head.length, length);
        return joined;
    }

    private long bufferedCopy(SocketChannel out) throws IOException {
        long sent = 0;
        try (FileChannel in = FileChannel.open(files().path(fileSize))) {
            ByteBuffer buffer = ByteBuffer.wrap(copyBuffer);
            while (in.read(buffer.clear()) > 0) {
                sent += writeFully(out, buffer.flip());
            }
        }
        return sent;
    }

    private long transferTo(SocketChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(files().path(fileSize))) {
            long size = in.size();
            for (long sent = 0; sent < size; ) {
                sent += in.transferTo(sent, size - sent, out);
            }
            return size;
        }
    }

    private static int writeFully(SocketChannel out, ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        return length;
    }

    private ServedFiles files() {
        if (files == null) {
            throw new IllegalStateException("setUp() did not run");
        }
        return files;
    }
}
