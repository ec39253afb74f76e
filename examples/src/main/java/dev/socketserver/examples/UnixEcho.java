package dev.socketserver.examples;

import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.UnixStreamServer;
import dev.socketserver.handlers.EchoStreamHandler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Echo over a Unix stream socket: {@code java --enable-native-access=ALL-UNNAMED UnixEcho /tmp/echo.sock}.
 * The socket file is removed when the server closes.
 */
public final class UnixEcho {

    /** A bound server; the caller serves and closes it. */
    public static UnixStreamServer open(Path socket) throws IOException {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL).replaceStaleSocket(true).build();
        return new UnixStreamServer(socket, EchoStreamHandler.class, options);
    }

    public static void main(String[] args) throws IOException {
        try (UnixStreamServer server = open(Path.of(args.length > 0 ? args[0] : "echo.sock"))) {
            System.out.println("echo on " + server.serverAddress());
            server.serveForever();
        }
    }

    private UnixEcho() {
    }
}
