package dev.socketserver;

import dev.socketserver.fork.ForkedDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.tinylog.Logger;

/**
 * A forking TCP server in a JVM of its own, for the tests that kill it or read its log: prints
 * {@code PORT n} once it listens, then serves {@link Scripted} until killed.
 */
public final class ForkedServerProcess {

    private ForkedServerProcess() {
    }

    /** Does what the first line says: {@code hold} (send the pid, wait for end of stream), {@code fail}, {@code chat},
     * {@code stubborn} (send the pid, ignore SIGTERM, never end), {@code shutdown} (call {@code server().shutdown()}, say how it went). */
    public static final class Scripted extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException, InterruptedException {
            String command = new String(TestIo.readLine(rfile()), StandardCharsets.UTF_8).strip();
            switch (command) {
                case "hold" -> {
                    send((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
                    rfile().transferTo(java.io.OutputStream.nullOutputStream());
                }
                case "fail" -> throw new IllegalStateException("failing on purpose");
                case "stubborn" -> { // ignores SIGTERM and its client: only SIGKILL ends it
                    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sun.misc.SignalHandler.SIG_IGN);
                    send((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        Thread.sleep(Duration.ofSeconds(1));
                    }
                }
                case "shutdown" -> {
                    try {
                        server().shutdown();
                        send("returned\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (UnsupportedOperationException e) {
                        send(("refused: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "chat" -> {
                    System.out.println("printed to stdout");
                    System.err.println("printed to stderr");
                    Logger.warn("logged with tinylog"); // WARN: a test tinylog file may hide INFO
                    send("ok".getBytes(StandardCharsets.US_ASCII));
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
    }

    /** Arguments: none, or {@code WARM_CHILDREN}: then the line {@code WAITING pid,pid} once that many are ready. */
    public static void main(String[] args) throws IOException {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ServerOptions options = ForkedTesting.options();
        options = options.toBuilder().fork(options.fork().toBuilder().warmChildren(warm).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), Scripted.class, options)) {
            System.out.println("PORT " + server.serverAddress().getPort());
            System.out.flush();
            if (warm > 0) {
                Thread.ofPlatform().daemon().name("report-waiting").start(() -> {
                    ForkedTesting.await(() -> ((ForkedDispatcher) server.dispatcher()).readyChildren().size() >= warm,
                            Duration.ofSeconds(30), "waiting children ready");
                    System.out.println("WAITING " + ((ForkedDispatcher) server.dispatcher()).readyChildren().stream()
                            .map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
                    System.out.flush();
                });
            }
            server.serveForever(Duration.ofMillis(50));
        }
    }

}
