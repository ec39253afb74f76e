package dev.socketserver.handlers;

import dev.socketserver.BaseServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;

/** A server serving forever on a named thread of its own; closing it shuts it down, waits, and fails with
 * whatever {@code serveForever} threw. */
public final class RunningServer<S extends BaseServer<?>> implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final S server;
    private final Thread thread;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    private RunningServer(S server) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("test-serve-" + COUNT.incrementAndGet()).start(() -> {
            try {
                server.serveForever();
            } catch (Throwable t) { // kept for close(), which fails the test with it
                failure.set(t);
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
        server.shutdown(); // before serving has begun too: serveForever then returns at once
        boolean stopped = thread.join(Duration.ofSeconds(10));
        server.close(); // only now: closed first, a serveForever not yet begun fails with "is closed"
        if (!stopped) {
            throw new AssertionError(thread.getName() + " did not stop");
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            throw new AssertionError("serveForever failed", thrown);
        }
    }
}
