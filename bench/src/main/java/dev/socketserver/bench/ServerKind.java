package dev.socketserver.bench;

import dev.socketserver.EnumFlags;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * The servers compared: the framework in each of its modes, and the two peers. The lower-case
 * name is the JMH {@code @Param} value.
 */
public enum ServerKind {
    /** The framework, one request at a time ({@code Mode.SYNC}). */
    SYNC,
    /** The framework, a platform thread per connection ({@code Mode.THREADED}). */
    THREADED,
    /** The framework, a virtual thread per connection ({@code Mode.VIRTUAL}). */
    VIRTUAL,
    /** The framework, a child JVM per connection ({@code Mode.FORKED}). */
    FORKED,
    /** A hand-written blocking server, a virtual thread per connection, no framework. */
    BARE,
    /** Netty 4.2 on its NIO event loops, sending with {@code DefaultFileRegion}. */
    NETTY;

    public String flag() {
        return EnumFlags.flag(this);
    }

    /** Whether this is the framework (as opposed to a peer). */
    public boolean isFramework() {
        return this != BARE && this != NETTY;
    }

    /** Starts this server on {@code address} (port 0 or a Unix path), serving {@code root}. */
    public BenchServer start(SocketAddress address, Path root) throws IOException {
        return switch (this) {
            case BARE -> BareFileServer.start(address, root);
            case NETTY -> NettyFileServer.start(address, root);
            default -> FrameworkFileServer.start(flag(), address, root);
        };
    }

    /**
     * The kind with this flag, e.g. {@code virtual}.
     *
     * @throws IllegalArgumentException naming the value and the known ones
     */
    public static ServerKind parse(String flag) {
        return EnumFlags.parse(ServerKind.class, flag);
    }
}
