package dev.socketserver.handlers;

import dev.socketserver.Printable;
import dev.socketserver.ProtocolFamilies;
import dev.socketserver.TimedChannelInputStream;
import dev.socketserver.Timers;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jetbrains.annotations.Nullable;

/**
 * The client side of the seed's file-download protocol, over TCP or a Unix socket. Unlike the
 * seed's client it verifies before it keeps: the body goes to a temporary file that is moved into
 * place only when the MD5 matches, and an existing file is replaced only when asked.
 *
 * <pre>{@code
 * try (FileClient client = FileClient.connect(new InetSocketAddress("127.0.0.1", 9999), Duration.ofSeconds(30))) {
 *     Download d = client.get("hello.txt", Path.of("hello.txt"), false, Progress.NONE);
 * }
 * }</pre>
 *
 * <p>One connection serves any number of {@link #get} calls, one after another.
 */
public final class FileClient implements Closeable {

    private static final int CHUNK_BYTES = 64 * 1024;
    /** How much of a name or a bad reply is repeated in an error. */
    private static final int SHOWN_LENGTH = 40;
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,18}");

    private final SocketChannel channel;
    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK_BYTES];

    private FileClient(SocketChannel channel, Duration timeout) {
        this.channel = channel;
        this.in = new TimedChannelInputStream(channel, timeout); // unbuffered: never reads past a reply
    }

    /**
     * Connects to a file server.
     *
     * @param server an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
     * @param timeout how long connecting, and then each read, may wait
     * @return a client connected to {@code server}, ready for {@link #get} or {@link #fetch}
     * @throws IOException when the connection cannot be made within {@code timeout}
     */
    public static FileClient connect(SocketAddress server, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(ProtocolFamilies.of(server));
        try {
            if (server instanceof InetSocketAddress) {
                channel.socket().connect(server, Math.toIntExact(Math.max(1, timeout.toMillis())));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } else {
                channel.connect(server);
            }
            return new FileClient(channel, timeout);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }


    /**
     * Deletes the temporary files of the downloads in progress in this JVM, for a shutdown hook: a
     * process stopped by a signal does not unwind the downloading threads, whose own cleanup then
     * never runs. A download whose file is being moved into place finishes first and is kept; the
     * others fail if they go on.
     *
     * @return the targets of the abandoned downloads (none were saved)
     */
    public static List<Path> abandonDownloads() {
        return PartialFile.abandonAll();
    }

    /**
     * The local file name for a remote one.
     *
     * @param name the name asked of the server, which may have directory segments
     * @return its last segment ({@code docs/a.txt} → {@code a.txt})
     * @throws DownloadException when the name has no usable last segment ({@code ..}, {@code /})
     */
    public static Path localName(String name) throws DownloadException {
        return LocalTarget.nameFor(name, SHOWN_LENGTH);
    }

    /**
     * {@link #get(String, Path, boolean, Progress)} within a deadline for the whole download: the
     * read timeout bounds each read only, so a server trickling a byte now and then would keep a
     * download going forever. At the deadline the connection is closed (it cannot be used again)
     * and nothing is saved.
     *
     * @param name the file's name on the server, relative to the served root
     * @param target the local path to save it as
     * @param overwrite whether an existing {@code target} may be replaced
     * @param progress told as the download starts, advances and ends
     * @param deadline how long the whole download may take; null for no limit
     * @return what was saved: the path, the size and the digest
     * @throws IOException when the connection or the local file system fails; nothing is saved
     * @throws DownloadException as {@link #get(String, Path, boolean, Progress)} does, and also
     *     when the deadline passes
     */
    public Download get(String name, Path target, boolean overwrite, Progress progress, @Nullable Duration deadline)
            throws IOException, DownloadException {
        if (deadline == null) {
            return get(name, target, overwrite, progress);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = Timers.schedule(() -> {
            expired.set(true);
            closeQuietly();
        }, Math.max(1, deadline.toNanos()), TimeUnit.NANOSECONDS);
        try {
            return get(name, target, overwrite, progress);
        } catch (IOException | DownloadException e) {
            if (expired.get()) {
                throw DownloadException.outOfStep("no complete file within the deadline of " + LocalTarget.seconds(deadline)
                        + "; nothing saved");
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private void closeQuietly() {
        try {
            channel.close(); // ends a read in progress at once, on TCP and Unix sockets alike
        } catch (IOException e) {
            org.tinylog.Logger.debug(e, "closing the connection at the download's deadline");
        }
    }

    /**
     * Downloads {@code name} to {@code target}: sends {@code get NAME}, reads the size, acknowledges,
     * receives the body into a temporary file, checks the MD5, then moves the file into place.
     *
     * @param name the file's name on the server, relative to the served root
     * @param target the local path to save it as
     * @param overwrite whether an existing {@code target} may be replaced
     * @param progress told as the download starts, advances and ends
     * @return what was saved: the path, the size and the digest
     * @throws DownloadException when the server refuses, the digest does not match, the target
     *     exists, or the server's replies break the protocol; nothing is saved
     * @throws IOException when the connection or the local file system fails; nothing is saved
     */
    public Download get(String name, Path target, boolean overwrite, Progress progress)
            throws IOException, DownloadException {
        LocalTarget.check(target, overwrite);
        writeAll(command(name));
        long size = readSizeReply();
        writeAll(FileProtocol.SEED_ACK);
        progress.started(name, size);
        boolean saved = false;
        try (PartialFile partial = PartialFile.beside(target)) {
            String received = receiveBody(size, partial::write, progress);
            checkDigest(name, received, "; nothing saved");
            try {
                partial.commit(overwrite);
            } catch (FileAlreadyExistsException e) {
                throw DownloadException.inStep(target + " appeared meanwhile; not overwritten (use --force)");
            }
            saved = true;
            return new Download(name, target, size, received);
        } finally {
            progress.finished(saved);
        }
    }

    /**
     * Downloads {@code name} and checks its MD5 without keeping the body: the exchange of {@link #get}
     * as a load generator makes it, with no disk in the way.
     *
     * @param name the file's name on the server, relative to the served root
     * @return the body's size in bytes
     * @throws DownloadException when the server refuses, the digest does not match, or the server's
     *     replies break the protocol
     * @throws IOException when the connection fails
     */
    public long fetch(String name) throws IOException, DownloadException {
        writeAll(command(name));
        long size = readSizeReply();
        writeAll(FileProtocol.SEED_ACK);
        checkDigest(name, receiveBody(size, (bytes, length) -> { }, Progress.NONE), "");
        return size;
    }

    private void checkDigest(String name, String received, String consequence) throws IOException, DownloadException {
        String sent = readDigest();
        if (!sent.equalsIgnoreCase(received)) { // the protocol says lowercase; accept either
            throw DownloadException.inStep("MD5 mismatch for " + name + ": the server sent " + Printable.escape(sent)
                    + ", the data received has " + received + consequence);
        }
    }

    private static byte[] command(String name) throws DownloadException {
        if (name.isBlank() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw DownloadException.inStep("a file name must be non-empty and on one line");
        }
        byte[] command = (FileProtocol.GET + " " + name + "\n").getBytes(StandardCharsets.UTF_8);
        if (command.length > FileProtocol.MAX_COMMAND_BYTES) {
            throw DownloadException.inStep("file name too long for the protocol (a command is at most "
                    + FileProtocol.MAX_COMMAND_BYTES + " bytes)");
        }
        return command;
    }

    /** Reads the size reply the way the seed's client does: one read of at most 1024 bytes. */
    private long readSizeReply() throws IOException, DownloadException {
        int n = in.read(chunk, 0, FileProtocol.MAX_COMMAND_BYTES);
        if (n < 0) {
            throw DownloadException.outOfStep("the server closed the connection instead of replying");
        }
        String reply = new String(chunk, 0, n, StandardCharsets.UTF_8);
        if (reply.startsWith(FileProtocol.ERR_PREFIX)) {
            throw DownloadException.inStep("server refused: "
                    + Printable.escape(reply.substring(FileProtocol.ERR_PREFIX.length()).strip()));
        }
        String digits = reply.strip();
        if (!SIZE.matcher(digits).matches()) {
            throw DownloadException.outOfStep("unexpected reply from the server: '" + Printable.escape(digits, SHOWN_LENGTH)
                    + "'");
        }
        return Long.parseLong(digits);
    }

    /** Where a body's bytes go: a {@link PartialFile}, or nowhere. */
    private interface BodySink {
        void write(byte[] bytes, int length) throws IOException;
    }

    private String receiveBody(long size, BodySink sink, Progress progress)
            throws IOException, DownloadException {
        MessageDigest md5 = FileBody.md5();
        long received = 0;
        while (received < size) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - received));
            if (n < 0) {
                throw DownloadException.outOfStep("the connection closed after " + received + " of " + size
                        + " bytes; nothing saved");
            }
            md5.update(chunk, 0, n);
            sink.write(chunk, n);
            received += n;
            progress.advanced(received);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private String readDigest() throws IOException, DownloadException {
        int have = 0;
        while (have < FileProtocol.DIGEST_HEX_LENGTH) {
            int n = in.read(chunk, have, FileProtocol.DIGEST_HEX_LENGTH - have);
            if (n < 0) {
                throw DownloadException.outOfStep("the connection closed before the MD5 arrived (did the file change on"
                        + " the server?); nothing saved");
            }
            have += n;
        }
        return new String(chunk, 0, have, StandardCharsets.US_ASCII);
    }

    private void writeAll(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
