package dev.socketserver.handlers;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helper itself: closing it at once, before its thread has begun serving, is no failure. */
class RunningServerTest {

    @TempDir
    Path root;

    @Test
    void closingBeforeServingHasBegunIsClean() throws IOException, InterruptedException {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL)
                .handlerConfig(HandlerConfig.of("root", root.toString())).build();
        for (int i = 0; i < 200; i++) { // the race is between close() and the thread's first step
            RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class, options))
                    .close();
        }
    }
}
