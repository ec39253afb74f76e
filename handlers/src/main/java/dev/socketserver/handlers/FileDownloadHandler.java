package dev.socketserver.handlers;

import dev.socketserver.Printable;
import dev.socketserver.StreamRequestHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The seed's file-download server, wire-compatible with its Python client: serves the files of
 * one directory, the handler configuration's {@code root}, one {@code get NAME} after another
 * on a connection (the protocol is in the {@linkplain dev.socketserver.handlers package documentation}).
 *
 * <pre>{@code
 * var options = ServerOptions.builder().mode(Mode.VIRTUAL)
 *         .handlerConfig(HandlerConfig.of("root", "/srv/files")).build();
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 9999), FileDownloadHandler.class, options)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>A name is opened one segment at a time from an open descriptor of the root, never through
 * a symbolic link ({@link ServedRoot}): a directory swapped for a link out of the root while the
 * request is served cannot lead out of it.
 *
 * <p>Where the seed's server hangs or crashes (a missing file, a bad command) this one replies
 * {@code ERR <reason>\n} and reads the next command. A body goes out with
 * {@link FileChannel#transferTo} once the file's digest is cached, or, up to 8 KiB, read and sent
 * with its digest in one write ({@link SmallBody}); the first request for a file
 * version copies it through a buffer and hashes the very bytes it sends. A file that changes
 * while it is being sent cannot be taken back: the connection is closed without a digest, so
 * no client accepts the mix, and the digest is not cached.
 */
public class FileDownloadHandler extends StreamRequestHandler {

    /** Built by the server, one instance per request; subclasses may add a no-arg constructor of their own. */
    public FileDownloadHandler() {
    }

    /**
     * The handler configuration key that refuses files with more than one name ({@code "true"}):
     * a hard link inside the root to a file outside it cannot be told apart from the file's own
     * name, only by its link count.
     */
    public static final String REFUSE_HARD_LINKS = "refuse-hardlinks";

    /** Shared by every connection of the JVM: a file version's digest does not depend on who asks. */
    private static final DigestCache DIGESTS = new DigestCache(4096);

    /**
     * The open roots of every server of the JVM, each held while connections use it and for a
     * second after: connections one after another then share it too.
     */
    private static final SharedRoots ROOTS = new SharedRoots(Duration.ofSeconds(1));

    /** The configured root as given, to its real path: resolved once, not per connection. */
    private static final Map<String, Path> REAL_ROOTS = new ConcurrentHashMap<>();

    /** This connection's {@code Limits.requestTimeout}, set when {@link #handle()} begins; none before. */
    private RequestDeadline deadline = new RequestDeadline(null, () -> { });

    /**
     * A pooled forked child's warm-up: the MD5 provider and the hex formatting of a digest, the
     * JDK code a first request for a file otherwise loads on its way.
     */
    @Override
    public void warmUp() {
        HexFormat.of().formatHex(FileBody.md5().digest(new byte[] {0}));
    }

    /** Without it every small file waits for the client's delayed ACK (40 ms) before its digest leaves. */
    @Override
    protected boolean disableNagleAlgorithm() {
        return true;
    }

    /**
     * Unbuffered: the {@link CommandReader} buffers, and one of its reads is one read of the socket
     * of at most the command limit ({@code Limits.maxCommandLength()}, 1024 bytes by default, as in
     * the seed). A buffer in between would also ask the socket after each short read how much more
     * is waiting: two {@code ioctl} calls per request for nothing.
     */
    @Override
    protected int readBufferSize() {
        return 0;
    }

    @Override
    protected void handle() throws IOException {
        boolean refuseHardLinks = Boolean.parseBoolean(config().get(REFUSE_HARD_LINKS, "false"));
        CommandReader commands = new CommandReader(rfile(), maxCommandLength());
        // A descriptor of the root, shared by the connections that use it at once: names are
        // resolved beneath it (a root that cannot be opened fails here, to handleError).
        try (SharedRoots.Lease root = ROOTS.lease(realRoot(config().require("root")))) {
            deadline = requestDeadline();
            serveCommands(root.root(), refuseHardLinks, commands);
        }
    }

    private void serveCommands(ServedRoot root, boolean refuseHardLinks, CommandReader commands) {
        try {
            while (serveCommand(root, refuseHardLinks, commands)) {
                // one command per turn until the client leaves or a send cannot be completed
            }
        } catch (IOException e) {
            // The client left mid-request (reset, broken pipe), the request deadline closed the
            // connection, or the file could not be read: this connection is done, the server goes on.
            Logger.debug("connection from {} ended mid-request: {}", Printable.of(clientAddress()), Printable.of(e));
        } finally {
            deadline.close();
        }
    }

    /** The request timeout of this connection: it closes the connection when it expires. */
    private RequestDeadline requestDeadline() {
        var timeout = server().limits().requestTimeout();
        return new RequestDeadline(timeout, () -> {
            Logger.info("closing the connection from {}: no whole request within {}", Printable.of(clientAddress()), timeout);
            try {
                request().close();
            } catch (IOException e) {
                Logger.debug("closing {} after its request timeout: {}", Printable.of(clientAddress()), Printable.of(e));
            }
        });
    }

    /**
     * Serves one command; false when the connection is finished. Silence before a command is the
     * idle timeout's business; from the first bytes on, the request deadline runs until a command
     * parses. Bytes that make no command (each one an ERR reply) do not stop it: a slowloris
     * trickling a byte at a time is closed when it expires.
     */
    private boolean serveCommand(ServedRoot root, boolean refuseHardLinks, CommandReader commands) throws IOException {
        try {
            awaitingRequest(); // a graceful stop closes the connection now rather than wait for a command
            byte[] command;
            try {
                command = commands.nextCommand();
            } catch (RefusedException tooLong) {
                deadline.startIfStopped();
                throw tooLong;
            }
            if (command == null) {
                return false;
            }
            deadline.startIfStopped();
            requestStarted();
            String name = Command.parse(command, maxCommandLength()).name();
            deadline.stop();
            try (OpenedFile file = root.open(name)) {
                if (refuseHardLinks && file.links() > 1) { // read only when asked: it costs a lookup by path
                    throw new RefusedException("has other hard links, not served: " + SafePaths.shown(name));
                }
                return sendFile(file, name, commands);
            }
        } catch (RefusedException e) {
            refuse(e);
            return true;
        }
    }

    private boolean sendFile(OpenedFile file, String name, CommandReader commands) throws IOException {
        FileVersion before = file.version(); // checked against the opened channel's size by open
        FileChannel in = file.channel();
        send(Long.toString(before.size()).getBytes(StandardCharsets.US_ASCII));
        deadline.restart(); // the acknowledgement must come within the request timeout too
        boolean acknowledged = commands.awaitAcknowledgement();
        deadline.stop();
        if (!acknowledged) {
            return false;
        }
        String cached = DIGESTS.get(before);
        if (cached != null && SmallBody.fits(before.size())) {
            // Read, then checked: the bytes that go out are the ones read before the check.
            ByteBuffer bodyAndDigest = SmallBody.withDigest(in, (int) before.size(), cached);
            if (bodyAndDigest == null) {
                return changed(before, name);
            }
            try {
                if (!file.unchanged()) {
                    return changed(before, name);
                }
                send(bodyAndDigest);
                return true;
            } finally {
                SmallBody.release(bodyAndDigest);
            }
        }
        String digest = cached != null
                ? (FileBody.transfer(in, before.size(), this::progressingChannel) ? cached : null)
                : FileBody.copyAndDigest(in, before.size(), this::progressingChannel);
        if (digest == null || !file.unchanged()) {
            return changed(before, name);
        }
        if (cached == null) {
            DIGESTS.put(before, digest);
        }
        send(digest.getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    /** The connection, for the next piece of a file body: the piece before it went out, which is progress. */
    private SocketChannel progressingChannel() {
        markProgress();
        return channel();
    }

    /** Forgets the version's digest and ends the connection without one: false. */
    private boolean changed(FileVersion version, String name) {
        DIGESTS.remove(version);
        Logger.warn("{} changed while being sent to {}; closing the connection without a digest",
                SafePaths.shown(name), Printable.of(clientAddress()));
        return false;
    }

    private void refuse(RefusedException refusal) throws IOException {
        Logger.debug("refused a request from {}: {}", Printable.of(clientAddress()), refusal.reason());
        send(FileProtocol.errorReply(refusal.reason()));
    }

    private int maxCommandLength() {
        return server().limits().maxCommandLength();
    }

    private static Path realRoot(String configured) throws IOException {
        Path known = REAL_ROOTS.get(configured);
        if (known == null) {
            known = SafePaths.realRoot(Path.of(configured));
            REAL_ROOTS.put(configured, known);
        }
        return known;
    }

    /** The cached digest of a file version, or null; for tests. */
    static @Nullable String cachedDigest(FileVersion version) {
        return DIGESTS.get(version);
    }
}
