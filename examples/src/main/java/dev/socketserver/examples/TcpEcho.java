package dev.socketserver.examples;

import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.handlers.EchoStreamHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Echo over TCP, a virtual thread per connection: {@code java TcpEcho [port]}. */
public final class TcpEcho {

    /** A bound server; the caller serves and closes it. */
    public static TcpServer open(int port) throws IOException {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL).build();
        return new TcpServer(new InetSocketAddress("127.0.0.1", port), EchoStreamHandler.class, options);
    }

    public static void main(String[] args) throws IOException {
        try (TcpServer server = open(args.length > 0 ? Integer.parseInt(args[0]) : 9007)) {
            System.out.println("echo on " + server.serverAddress());
            server.serveForever();
        }
    }

    private TcpEcho() {
    }
}
