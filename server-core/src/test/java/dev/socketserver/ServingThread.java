package dev.socketserver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;

/**
 * Runs a server's {@code serveForever} in a named platform thread, as CPython's tests do with
 * {@code threading.Thread(target=s.serve_forever)}. {@link #close()} shuts the server down,
 * joins the thread and rethrows whatever the loop threw, so no test loses a loop failure.
 */
final class ServingThread implements AutoCloseable {

    private static final Duration JOIN_LIMIT = Duration.ofSeconds(10);

    private final BaseServer<?> server;
    private final Thread thread;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    private ServingThread(BaseServer<?> server, Duration pollInterval) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("serve-" + server).daemon(true).unstarted(() -> {
            try {
                server.serveForever(pollInterval);
            } catch (Throwable t) { // kept for the test thread: join() rethrows it
                failure.set(t);
            }
        });
    }

    /** Starts serving with CPython's test poll interval of 10 ms. */
    static ServingThread start(BaseServer<?> server) {
        return start(server, Duration.ofMillis(10));
    }

    static ServingThread start(BaseServer<?> server, Duration pollInterval) {
        ServingThread serving = new ServingThread(server, pollInterval);
        serving.thread.start();
        return serving;
    }

    Thread thread() {
        return thread;
    }

    /** Waits for the loop to end on its own; returns what it threw, or null. */
    @Nullable Throwable join() throws InterruptedException {
        if (!thread.join(JOIN_LIMIT)) {
            throw new AssertionError("serveForever did not return within " + JOIN_LIMIT);
        }
        return failure.get();
    }

    /** Shuts the server down and joins the loop; a failure of the loop fails the test. */
    @Override
    public void close() throws Exception {
        server.shutdown();
        Throwable thrown = join();
        if (thrown instanceof Exception e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }
}
