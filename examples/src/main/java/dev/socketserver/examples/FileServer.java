package dev.socketserver.examples;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.handlers.FileDownloadHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The file-download server ({@code get NAME} → size, MD5 and bytes) for a directory:
 * {@code java FileServer DIR [port]}; {@code socketserver get} or {@code FileClient} fetch from it.
 */
public final class FileServer {

    /** A bound server for the files under {@code root}. */
    public static TcpServer open(Path root, int port) throws IOException {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL)
                .handlerConfig(HandlerConfig.of("root", root.toString())).build();
        return new TcpServer(new InetSocketAddress("127.0.0.1", port), FileDownloadHandler.class, options);
    }

    public static void main(String[] args) throws IOException {
        try (TcpServer server = open(Path.of(args.length > 0 ? args[0] : "."), args.length > 1 ? Integer.parseInt(args[1]) : 9999)) {
            System.out.println("serving files on " + server.serverAddress());
            server.serveForever();
        }
    }

    private FileServer() {
    }
}
