package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tinylog.Level;
import org.tinylog.Logger;

/**
 * A forked child's log reaches the server's log at the level the child gave it, DEBUG and TRACE
 * excepted: those stay in the child, so a library user's console gets no chatter from children.
 */
@Timeout(60)
class ForkedChildLoggingTest {

    /** Logs at each level, then answers one byte and ends. */
    public static class Chatty extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            Logger.trace("chatty-trace-line");
            Logger.debug("chatty-debug-line");
            Logger.info("chatty-info-line");
            Logger.warn("chatty-warn-line");
            wfile().write('k');
        }
    }

    @Test
    void debugStaysInTheChildAndInfoArrivesAsInfo() throws Exception {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), Chatty.class,
                ForkedTesting.options())) {
            Thread serving = ForkedTesting.serve(server);
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                client.read(ByteBuffer.allocate(1));
            }
            LogCapture.awaitMore(0, Level.WARN, "chatty-warn-line");
            LogCapture.awaitMore(0, Level.INFO, "chatty-info-line");
            server.shutdown();
            serving.join();
        }
        assertEquals(List.of(), LogCapture.find(Level.TRACE, "chatty-debug-line"), "a child's DEBUG line reached the server's log");
        assertEquals(List.of(), LogCapture.find(Level.TRACE, "chatty-trace-line"), "a child's TRACE line reached the server's log");
        assertEquals(List.of(Level.INFO), LogCapture.find(Level.TRACE, "chatty-info-line").stream().map(LogCapture.Entry::level).toList());
    }
}
