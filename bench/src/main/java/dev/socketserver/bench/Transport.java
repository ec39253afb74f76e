package dev.socketserver.bench;

import dev.socketserver.EnumFlags;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loopback TCP or a Unix stream socket: where a benchmark's server listens. */
public enum Transport {
    TCP,
    UNIX;

    /** Parses {@code tcp} or {@code unix}. */
    public static Transport parse(String flag) {
        return EnumFlags.parse(Transport.class, flag);
    }


    /** A fresh address to bind: port 0 on loopback, or a socket path in {@code dir} that does not exist yet. */
    public SocketAddress bindAddress(Path dir) throws IOException {
        return switch (this) {
            case TCP -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            case UNIX -> {
                Path path = dir.resolve("server.sock");
                Files.deleteIfExists(path);
                yield UnixDomainSocketAddress.of(path);
            }
        };
    }
}
