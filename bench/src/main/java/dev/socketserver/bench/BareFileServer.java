package dev.socketserver.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * The baseline: the file-download protocol served by a hand-written blocking loop, a virtual
 * thread per connection, no framework. It reads and sends exactly as the framework's handler
 * should (one read per command, {@code transferTo} for the body, a remembered MD5), so the
 * framework's overhead is its ratio to this server.
 */
final class BareFileServer implements BenchServer {

    private final ServerSocketChannel listener;
    private final Path root;
    private final FileDigests digests = new FileDigests();
    private final Thread acceptor;

    private BareFileServer(ServerSocketChannel listener, Path root) {
        this.listener = listener;
        this.root = root;
        this.acceptor = Thread.ofPlatform().name("bare-accept").start(this::acceptLoop);
    }

    static BareFileServer start(SocketAddress address, Path root) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(DownloadClient.family(address));
        try {
            listener.bind(address, FrameworkFileServer.BACKLOG);
            return new BareFileServer(listener, root.toRealPath());
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
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (connection.read(in.clear()) > 0) {
                FileRequests.Resolved request = FileRequests.resolve(root, in.array(), 0, in.position());
                if (!request.ok()) {
                    writeFully(connection, request.error());
                } else if (!send(connection, request.file(), in)) {
                    return;
                }
            }
        } catch (IOException e) {
            Logger.debug(e, "bare server: connection ended");
        }
    }

    /** Sends one file; false when the client left before acknowledging. */
    private boolean send(SocketChannel connection, Path file, ByteBuffer in) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            String md5 = digests.md5(file, channel);
            writeFully(connection, Long.toString(size));
            if (connection.read(in.clear()) <= 0) {
                return false;
            }
            for (long sent = 0; sent < size; ) {
                sent += channel.transferTo(sent, size - sent, connection);
            }
            writeFully(connection, md5);
            return true;
        }
    }

    private static void writeFully(SocketChannel connection, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
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
