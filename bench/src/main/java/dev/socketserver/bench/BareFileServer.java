package dev.socketserver.bench;

import dev.socketserver.handlers.FileBody;
import dev.socketserver.handlers.FileProtocol;
import dev.socketserver.handlers.RefusedException;
import dev.socketserver.handlers.SafePaths;
import dev.socketserver.handlers.ServedRoot;
import dev.socketserver.ProtocolFamilies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * The baseline: the file-download protocol served by a hand-written blocking loop, a virtual
 * thread per connection, no framework. It does the handler's per-request work (one read per
 * command, the handler's parsing and path checks, the handler's {@link FileBody#transfer} for the body, a remembered
 * MD5, a check that the file did not change), so the framework's overhead is its ratio to this.
 */
final class BareFileServer implements BenchServer {

    private final ServerSocketChannel listener;
    private final ServedRoot root;
    private final FileDigests digests = new FileDigests();
    private final Thread acceptor;

    private BareFileServer(ServerSocketChannel listener, ServedRoot root) {
        this.listener = listener;
        this.root = root;
        this.acceptor = Thread.ofPlatform().name("bare-accept").start(this::acceptLoop);
    }

    static BareFileServer start(SocketAddress address, Path root) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(ProtocolFamilies.of(address));
        try {
            listener.bind(address, BenchServer.BACKLOG);
            return new BareFileServer(listener, ServedRoot.open(SafePaths.realRoot(root)));
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    private void acceptLoop() {
        Thread.Builder connections = Thread.ofVirtual().name("bare-conn-", 0);
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                connections.start(() -> serve(connection));
            } catch (ClosedChannelException closed) {
                return; // close() was called
            } catch (IOException e) {
                Logger.warn(e, "bare server: accept failed");
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            if (connection.getLocalAddress() instanceof InetSocketAddress) {
                connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ByteBuffer in = ByteBuffer.allocate(FileProtocol.MAX_COMMAND_BYTES);
            boolean open = true;
            while (open && connection.read(in.clear()) > 0) {
                try (PeerRequest.OpenFile file = PeerRequest.open(root, in.array(), in.position(), digests)) {
                    open = send(connection, file, in);
                } catch (RefusedException refusal) {
                    writeFully(connection, ByteBuffer.wrap(PeerRequest.errorReply(refusal)));
                }
            }
        } catch (IOException e) {
            Logger.debug(e, "bare server: connection ended");
        }
    }

    /** Sends one file; false when the connection is finished (client left, or the file changed). */
    private static boolean send(SocketChannel connection, PeerRequest.OpenFile file, ByteBuffer in) throws IOException {
        long size = file.version().size();
        writeFully(connection, ascii(Long.toString(size)));
        if (connection.read(in.clear()) <= 0) {
            return false;
        }
        if (!FileBody.transfer(file.channel(), size, () -> connection) || !file.unchanged()) {
            return false;
        }
        writeFully(connection, ascii(file.md5()));
        return true;
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeFully(SocketChannel connection, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            connection.write(bytes);
        }
    }

    @Override
    public SocketAddress address() {
        try {
            return listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("bare server is closed", e);
        }
    }

    @Override
    public void close() {
        SocketAddress bound = null;
        try {
            bound = listener.getLocalAddress();
            listener.close();
            acceptor.join();
            root.close(); // a request still running after this is refused, not misdirected
        } catch (IOException e) {
            Logger.warn(e, "bare server: close failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bound instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                Logger.warn(e, "bare server: could not remove {}", unix.getPath());
            }
        }
    }
}
