package dev.socketserver.bench;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Limits;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.Servers;
import dev.socketserver.StreamServer;
import dev.socketserver.TcpServer;
import dev.socketserver.UnixStreamServer;
import dev.socketserver.handlers.FileDownloadHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.tinylog.Logger;

/** The framework under test: a {@link TcpServer} or {@link UnixStreamServer} with the real {@link FileDownloadHandler}. */
final class FrameworkFileServer implements BenchServer {

    /** Above the scale benchmark's 10,000 held connections; below the descriptor limit only the OS bounds it. */
    static final int MAX_CONNECTIONS = 1_000_000;

    private final StreamServer server;
    private final Thread serving;

    private FrameworkFileServer(StreamServer server) {
        this.server = server;
        this.serving = Thread.ofPlatform().name("bench-serve-" + server.options().mode().flag())
                .start(this::serve);
    }

    /** Starts a server in the mode named {@code modeFlag} (as {@link Mode#parse}). */
    static FrameworkFileServer start(String modeFlag, SocketAddress address, Path root) throws IOException {
        ServerOptions options = ServerOptions.builder()
                .mode(Mode.parse(modeFlag))
                .requestQueueSize(BenchServer.BACKLOG)
                // The peers have no connection cap; the default of 1,024 would make the scale
                // benchmark's 10,000 connections wait in the backlog and time out.
                .limits(Limits.builder().maxConnections(MAX_CONNECTIONS).build())
                .handlerConfig(HandlerConfig.of("root", root.toString()))
                .build();
        return new FrameworkFileServer(Servers.openStream(address, FileDownloadHandler.class, options));
    }

    private void serve() {
        try {
            server.serveForever();
        } catch (IOException e) {
            Logger.error(e, "{} stopped serving", server);
        }
    }

    @Override
    public SocketAddress address() {
        return server.serverAddress();
    }

    @Override
    public void close() {
        server.shutdown();
        server.close();
        try {
            serving.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
