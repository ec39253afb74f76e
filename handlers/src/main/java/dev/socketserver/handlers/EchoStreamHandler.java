package dev.socketserver.handlers;

import dev.socketserver.StreamRequestHandler;
import java.io.IOException;

/**
 * Sends back every byte it receives, as it arrives, until the client closes its side.
 *
 * <pre>{@code
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 7), EchoStreamHandler.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public class EchoStreamHandler extends StreamRequestHandler {

    /** Built by the server, one instance per request; subclasses may add a no-arg constructor of their own. */
    public EchoStreamHandler() {
    }

    private static final int CHUNK_BYTES = 8192;

    /** An echo is interactive: each small write should leave at once. */
    @Override
    protected boolean disableNagleAlgorithm() {
        return true;
    }

    @Override
    protected void handle() throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        int n;
        while ((n = rfile().read(chunk)) >= 0) {
            wfile().write(chunk, 0, n);
        }
    }
}
