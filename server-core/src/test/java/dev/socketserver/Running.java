package dev.socketserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** A server serving in its own named thread; closing it shuts down, closes and joins. */
final class Running<S extends BaseServer<?>> implements AutoCloseable {

    final S server;
    final Thread thread;

    private Running(S server, Duration pollInterval) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("serve-" + server).start(() -> {
            try {
                server.serveForever(pollInterval);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static <S extends BaseServer<?>> Running<S> serve(S server) {
        return new Running<>(server, BaseServer.DEFAULT_POLL_INTERVAL);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        thread.join();
        server.serverClose();
    }
}
