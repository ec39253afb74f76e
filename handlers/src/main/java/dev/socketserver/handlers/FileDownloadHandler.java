package dev.socketserver.handlers;

import dev.socketserver.StreamRequestHandler;
import dev.socketserver.internal.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * var options = ServerOptions.defaults().withMode(Mode.VIRTUAL)
 *         .withHandlerConfig(HandlerConfig.of("root", "/srv/files"));
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 9999), FileDownloadHandler.class, options)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>Where the seed's server hangs or crashes (a missing file, a bad command) this one replies
 * {@code ERR <reason>\n} and reads the next command. A body goes out with
 * {@link FileChannel#transferTo} once the file's digest is cached; the first request for a file
 * version copies it through a buffer and hashes the very bytes it sends. A file that changes
 * while it is being sent cannot be taken back: the connection is closed without a digest, so
 * no client accepts the mix, and the digest is not cached.
 */
public class FileDownloadHandler extends StreamRequestHandler {

    /** Shared by every connection of the JVM: a file version's digest does not depend on who asks. */
    private static final DigestCache DIGESTS = new DigestCache(4096);

    /** The configured root as given, to its real path: resolved once, not per request. */
    private static final Map<String, Path> REAL_ROOTS = new ConcurrentHashMap<>();

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
     * One read of {@code rfile()} is then one read of the socket of at most the command limit
     * ({@code Limits.maxCommandLength()}, 1024 bytes by default, as in the seed).
     */
    @Override
    protected int readBufferSize() {
        return server().limits().maxCommandLength();
    }

    @Override
    protected void handle() throws IOException {
        Path root = realRoot(config().require("root"));
        CommandReader commands = new CommandReader(rfile(), readBufferSize());
        try {
            while (serveCommand(root, commands)) {
                // one command per turn until the client leaves or a send cannot be completed
            }
        } catch (IOException e) {
            // The client left mid-request (reset, broken pipe) or the file could not be read:
            // either way this connection is done and the server goes on.
            Logger.debug("connection from {} ended mid-request: {}", Printable.of(clientAddress()), Printable.of(e));
        }
    }

    /** Serves one command; false when the connection is finished. */
    private boolean serveCommand(Path root, CommandReader commands) throws IOException {
        try {
            awaitingRequest(); // a graceful stop closes the connection now rather than wait for a command
            byte[] command = commands.nextCommand();
            if (command == null) {
                return false;
            }
            requestStarted();
            String name = Command.parse(command, readBufferSize()).name();
            return sendFile(SafePaths.resolve(root, name), name, commands);
        } catch (RefusedException e) {
            refuse(e);
            return true;
        }
    }

    private boolean sendFile(Path file, String name, CommandReader commands) throws IOException, RefusedException {
        FileVersion before;
        FileChannel in;
        try {
            before = FileVersion.of(file);
            in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            Logger.debug("cannot open {} for {}: {}", Printable.of(file), Printable.of(clientAddress()),
                    Printable.of(e));
            throw new RefusedException("cannot open " + SafePaths.shown(name));
        }
        try (in) {
            if (!before.regularFile() || in.size() != before.size()) {
                throw new RefusedException("file changed while being opened; try again: " + SafePaths.shown(name));
            }
            send(Long.toString(before.size()).getBytes(StandardCharsets.US_ASCII));
            if (!commands.awaitAcknowledgement()) {
                return false;
            }
            String cached = DIGESTS.get(before);
            String digest = cached != null
                    ? (FileBody.transfer(in, before.size(), this::channel) ? cached : null)
                    : FileBody.copyAndDigest(in, before.size(), this::channel);
            if (digest == null || !FileVersion.of(file).equals(before)) {
                DIGESTS.remove(before);
                Logger.warn("{} changed while being sent to {}; closing the connection without a digest",
                        Printable.of(file), Printable.of(clientAddress()));
                return false;
            }
            if (cached == null) {
                DIGESTS.put(before, digest);
            }
            send(digest.getBytes(StandardCharsets.US_ASCII));
            return true;
        }
    }

    private void refuse(RefusedException refusal) throws IOException {
        Logger.debug("refused a request from {}: {}", Printable.of(clientAddress()), refusal.reason());
        send(FileProtocol.errorReply(refusal.reason()));
    }

    private static Path realRoot(String configured) {
        return REAL_ROOTS.computeIfAbsent(configured, root -> {
            try {
                return SafePaths.realRoot(Path.of(root));
            } catch (IOException e) {
                throw new UncheckedIOException("served root " + root + " cannot be resolved", e);
            }
        });
    }

    /** The cached digest of a file version, or null; for tests. */
    static @Nullable String cachedDigest(FileVersion version) {
        return DIGESTS.get(version);
    }
}
