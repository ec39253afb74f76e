package dev.socketserver.soak;

import dev.socketserver.BaseServer;
import dev.socketserver.Cidr;
import dev.socketserver.ForkOptions;
import dev.socketserver.HandlerConfig;
import dev.socketserver.Limits;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.ServerOptionsBuilder;
import dev.socketserver.TcpServer;
import dev.socketserver.UdpServer;
import dev.socketserver.UnixDatagramServer;
import dev.socketserver.UnixStreamServer;
import dev.socketserver.handlers.EchoDatagramHandler;
import dev.socketserver.handlers.FileDownloadHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The soak's servers: every transport in every mode, file servers on streams and echo on datagrams. */
final class SoakServers implements AutoCloseable {

    /** The limits under test: a client at 127.0.0.2 is outside the allow-list. */
    static final Limits LIMITS = Limits.builder()
            .maxConnections(32)
            .idleTimeout(Duration.ofSeconds(2))
            .allow(List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128")))
            .build();

    enum Transport {
        TCP(false), UNIX(false), UDP(true), UNIX_DGRAM(true);

        final boolean datagram;

        Transport(boolean datagram) {
            this.datagram = datagram;
        }

        String flag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One running server. */
    record Target(Transport transport, Mode mode, BaseServer<?> server, Thread thread) {
        String name() {
            return transport.flag() + "/" + mode.flag();
        }
    }

    final List<Target> targets = new ArrayList<>();

    SoakServers(Path root, Path socketDir) throws IOException {
        ServerOptionsBuilder common = ServerOptions.builder()
                .requestQueueSize(64)
                .closeGrace(Duration.ofSeconds(2))
                .fork(ForkOptions.builder().aotCacheDirectory(null).maxChildren(8).build())
                .handlerConfig(HandlerConfig.of("root", root.toString()))
                .limits(LIMITS);
        for (Transport transport : Transport.values()) {
            for (Mode mode : Mode.values()) {
                ServerOptions options = common.mode(mode).build();
                Path socket = socketDir.resolve(transport.flag() + "-" + mode.flag() + ".sock");
                InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
                BaseServer<?> server = switch (transport) {
                    case TCP -> new TcpServer(loopback, FileDownloadHandler.class, options);
                    case UNIX -> new UnixStreamServer(socket, FileDownloadHandler.class, options);
                    case UDP -> new UdpServer(loopback, EchoDatagramHandler.class, options);
                    case UNIX_DGRAM -> new UnixDatagramServer(socket, EchoDatagramHandler.class, options);
                };
                Thread thread = Thread.ofPlatform().name("soak-serve-" + transport.flag() + "-" + mode.flag())
                        .start(() -> {
                            try {
                                server.serveForever();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                targets.add(new Target(transport, mode, server, thread));
            }
        }
    }

    /** Requests in flight across all servers. */
    int activeCount() {
        return targets.stream().mapToInt(target -> target.server().activeCount()).sum();
    }

    /** Stops every server: shutdown, then close (grace, then force). */
    @Override
    public void close() throws InterruptedException {
        for (Target target : targets) {
            target.server().shutdown();
        }
        for (Target target : targets) {
            target.server().close();
            target.thread().join();
        }
    }
}
