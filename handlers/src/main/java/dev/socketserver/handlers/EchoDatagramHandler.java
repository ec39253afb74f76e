package dev.socketserver.handlers;

import dev.socketserver.DatagramRequestHandler;
import java.io.IOException;

/**
 * Sends each datagram back to its sender.
 *
 * <pre>{@code
 * try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 7), EchoDatagramHandler.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public class EchoDatagramHandler extends DatagramRequestHandler {

    /** Built by the server, one instance per request; subclasses may add a no-arg constructor of their own. */
    public EchoDatagramHandler() {
    }

    @Override
    protected void handle() throws IOException {
        rfile().transferTo(wfile());
    }
}
