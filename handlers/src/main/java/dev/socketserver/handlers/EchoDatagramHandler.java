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

    @Override
    protected void handle() throws IOException {
        rfile().transferTo(wfile());
    }
}
