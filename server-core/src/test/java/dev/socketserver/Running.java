package dev.socketserver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;

/** A server serving in its own named thread; closing it shuts down, joins and
 * closes, and fails with whatever {@code serveForever} threw. */
final class Running<S extends BaseServer<?>> implements AutoCloseable {

    final S server;
    final Thread thread;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    private Running(S server, Duration pollInterval) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("serve-" + server).start(() -> {
            try {
                server.serveForever(pollInterval);
            } catch (Throwable t) { // kept for close(), which fails the test with it
                failure.set(t);
            }
        });
    }

    static <S extends BaseServer<?>> Running<S> serve(S server) {
        return new Running<>(server, BaseServer.DEFAULT_POLL_INTERVAL);
    }

    static <S extends BaseServer<?>> Running<S> serve(S server, Duration pollInterval) {
        return new Running<>(server, pollInterval);
    }

    /** Whether {@code serveForever} is still running. */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** Waits for {@code serveForever} to return (after a shutdown) and fails with whatever it threw. */
    void join() throws InterruptedException {
        thread.join();
        Throwable thrown = failure.get();
        if (thrown != null) {
            throw new AssertionError("serveForever failed", thrown);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        thread.join();
        server.serverClose();
        join();
    }
}
