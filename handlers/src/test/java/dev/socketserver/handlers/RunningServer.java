package dev.socketserver.handlers;

import dev.socketserver.BaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A server serving forever on a named thread of its own; closing it shuts it down and waits. */
public final class RunningServer<S extends BaseServer<?>> implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final S server;
    private final Thread thread;

    private RunningServer(S server) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("test-serve-" + COUNT.incrementAndGet()).start(() -> {
            try {
                server.serveForever();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static <S extends BaseServer<?>> RunningServer<S> start(S server) {
        return new RunningServer<>(server);
    }

    public S server() {
        return server;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        server.close();
        if (!thread.join(Duration.ofSeconds(10))) {
            throw new AssertionError(thread.getName() + " did not stop");
        }
    }
}
