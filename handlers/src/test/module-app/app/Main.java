package app;

import app.handlers.Tag;
import dev.socketserver.BaseServer;
import dev.socketserver.ForkOptions;
import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.handlers.FileDownloadHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Main ROOT}: an echo server in each mode, a forked one whose pooled child serves up to
 * three requests (REUSED) and a file server of ROOT, each line "SERVING NAME PORT", until
 * standard input ends. {@code Main hidden}: builds a server of a handler in an
 * unexported package and prints "refused: MESSAGE" or "built".
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        if (args[0].equals("hidden")) {
            try (TcpServer server = new TcpServer(any, app.hidden.Hidden.class)) {
                System.out.println("built " + server.serverAddress());
            } catch (IllegalArgumentException e) {
                System.out.println("refused: " + e.getMessage());
            }
            return;
        }
        System.out.println("PID " + ProcessHandle.current().pid());
        List<BaseServer<?>> servers = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            // jmx: its MXBean is registered from the library's module (its package exported to JMX).
            ServerOptions options = ServerOptions.builder().mode(mode).jmx(true)
                    .fork(ForkOptions.builder().aotCacheDirectory(null).build()).build();
            servers.add(serve(mode.name(), new TcpServer(any, Tag.class, options)));
        }
        // A pooled child that serves up to 3 requests: the later ones reach it through the JDK's
        // channel internals, opened to this library's module (or ALL-UNNAMED on the class path).
        ServerOptions reused = ServerOptions.builder().mode(Mode.FORKED).fork(ForkOptions.builder()
                .aotCacheDirectory(null).warmChildren(1).requestsPerChild(3).build()).build();
        servers.add(serve("REUSED", new TcpServer(any, Tag.class, reused)));
        servers.add(serve("FILES", new TcpServer(any, FileDownloadHandler.class, ServerOptions.builder()
                .mode(Mode.VIRTUAL).handlerConfig(HandlerConfig.of("root", args[0])).build())));
        while (System.in.read() != -1) {
            // serve until the test closes our standard input
        }
        for (BaseServer<?> server : servers) {
            server.shutdown();
            server.close();
        }
    }

    private static BaseServer<?> serve(String name, TcpServer server) {
        Thread.ofPlatform().name("serve-" + name).start(() -> {
            try {
                server.serveForever();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.println("SERVING " + name + " " + server.serverAddress().getPort());
        return server;
    }
}
