package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a child ends after a request that went well ({@code ChildExit}): by returning from
 * {@code main} rather than {@code System.exit}, which must change nothing a handler sees. Its
 * shutdown hooks still run; a non-daemon thread it left running does not keep the child alive.
 * Started for its request (pool 0) and pooled (1).
 */
@Timeout(90)
class ForkedChildExitTest {

    @TempDir
    Path dir;

    /** Registers a shutdown hook that writes the child's pid to the file named by the "hook" config entry. */
    public static final class HookingHandler extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            Path file = Path.of(server().handlerConfig().require("hook"));
            String pid = Long.toString(ProcessHandle.current().pid());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(file, pid)));
            wfile().write(pid.getBytes(StandardCharsets.UTF_8));
        }

        private static void write(Path file, String text) {
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Leaves a non-daemon thread sleeping for an hour. */
    public static final class ThreadLeavingHandler extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            Thread.ofPlatform().daemon(false).start(() -> sleep(Duration.ofHours(1)));
            wfile().write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aChildThatEndsWellRunsItsShutdownHooks(int pool) throws Exception {
        Path hook = dir.resolve("hook-" + pool);
        Served served = serve(HookingHandler.class, pool, hook);
        assertTrue(served.ended(), "child " + served.pid() + " ended");
        assertEquals(Long.toString(served.pid()), Files.readString(hook), "the child's shutdown hook ran");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aNonDaemonThreadLeftRunningDoesNotKeepTheChildAlive(int pool) throws Exception {
        Served served = serve(ThreadLeavingHandler.class, pool, dir.resolve("unused"));
        assertTrue(served.ended(), "child " + served.pid() + " ended although its handler left a thread running");
    }

    /** The child that served the request, and whether it ended within 10 s on its own (else it was killed). */
    private record Served(long pid, boolean ended) {
    }

    /** Serves one request with {@code handler} on a server with a pool of {@code pool}. */
    private static Served serve(Class<? extends StreamRequestHandler> handler, int pool, Path hook) throws Exception {
        ServerOptions base = ForkedTesting.options();
        ServerOptions options = base.toBuilder()
                .handlerConfig(HandlerConfig.of("hook", hook.toString()))
                .fork(base.fork().toBuilder().warmChildren(pool).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), handler, options)) {
            var serving = ForkedTesting.serve(server);
            if (pool > 0) {
                ForkedPoolTest.awaitReady(server, pool);
            }
            long child;
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                child = Long.parseLong(new String(TestIo.readAll(client), StandardCharsets.UTF_8));
            }
            boolean ended = endsWithin(child, Duration.ofSeconds(10));
            if (!ended) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly); // so that the server can close
            }
            server.shutdown();
            serving.join();
            return new Served(child, ended);
        }
    }

    private static boolean endsWithin(long pid, Duration limit) throws InterruptedException {
        try {
            ForkedTesting.awaitExit(pid, limit);
        } catch (TimeoutException e) {
            return false;
        }
        return !ForkedTesting.exists(pid);
    }
}
