package dev.socketserver.examples;

import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.UdpServer;
import dev.socketserver.handlers.EchoDatagramHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Echo over UDP: each datagram comes back to its sender. {@code java UdpEcho [port]}. */
public final class UdpEcho {

    /** A bound server; the caller serves and closes it. */
    public static UdpServer open(int port) throws IOException {
        ServerOptions options = ServerOptions.builder().mode(Mode.THREADED).build();
        return new UdpServer(new InetSocketAddress("127.0.0.1", port), EchoDatagramHandler.class, options);
    }

    public static void main(String[] args) throws IOException {
        try (UdpServer server = open(args.length > 0 ? Integer.parseInt(args[0]) : 9007)) {
            System.out.println("udp echo on " + server.serverAddress());
            server.serveForever();
        }
    }

    private UdpEcho() {
    }
}
