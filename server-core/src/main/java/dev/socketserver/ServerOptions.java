package dev.socketserver;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jetbrains.annotations.Nullable;

/**
 * A server's settings: CPython's class attributes ({@code allow_reuse_address},
 * {@code request_queue_size}, {@code timeout}, {@code daemon_threads}, {@code block_on_close},
 * {@code max_packet_size}) as one immutable value, plus the concurrency {@link Mode} and the
 * handler's {@link HandlerConfig}. Built one way only: {@link #builder()} or {@link #toBuilder()},
 * then {@link Builder#build()}, which validates.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.VIRTUAL)
 *         .allowReuseAddress(true)
 *         .handlerConfig(HandlerConfig.of("root", "/srv/files"))
 *         .build();
 * }</pre>
 */
public final class ServerOptions {

    private static final ServerOptions DEFAULTS = new Builder().build();

    private final Mode mode;
    private final boolean allowReuseAddress;
    private final boolean allowReusePort;
    private final int requestQueueSize;
    private final @Nullable Duration timeout;
    private final boolean daemonThreads;
    private final boolean blockOnClose;
    private final @Nullable Duration closeGrace;
    private final int maxPacketSize;
    private final boolean replaceStaleSocket;
    private final @Nullable Set<PosixFilePermission> socketFileMode;
    private final HandlerConfig handlerConfig;
    private final ForkOptions fork;
    private final Limits limits;
    private final boolean jmx;

    private ServerOptions(Builder b) {
        mode = b.mode;
        allowReuseAddress = b.allowReuseAddress;
        allowReusePort = b.allowReusePort;
        requestQueueSize = b.requestQueueSize;
        timeout = b.timeout;
        daemonThreads = b.daemonThreads;
        blockOnClose = b.blockOnClose;
        closeGrace = b.closeGrace;
        maxPacketSize = b.maxPacketSize;
        replaceStaleSocket = b.replaceStaleSocket;
        socketFileMode = b.socketFileMode == null ? null : Set.copyOf(b.socketFileMode);
        handlerConfig = b.handlerConfig;
        fork = b.fork;
        limits = b.limits;
        jmx = b.jmx;
    }

    /** CPython's defaults, in {@link Mode#SYNC}. */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How each request runs; {@link Mode#SYNC} by default, like CPython's {@code TCPServer}. */
    public Mode mode() { return mode; }

    /** Set {@code SO_REUSEADDR} before binding (default false). */
    public boolean allowReuseAddress() { return allowReuseAddress; }

    /** Set {@code SO_REUSEPORT} before binding (default false). */
    public boolean allowReusePort() { return allowReusePort; }

    /**
     * The listen backlog of stream servers (default 5, CPython's). It is what a burst of connects
     * can queue while the server accepts: past it the kernel drops the client's SYN and the client
     * retransmits it after 1 s, then 2 s, 4 s... so 50 clients connecting at once wait whole
     * seconds. A server facing bursts wants hundreds or thousands (the system caps it at
     * {@code net.core.somaxconn}; {@code socketserver serve} uses that cap by default).
     */
    public int requestQueueSize() { return requestQueueSize; }

    /**
     * How long {@link BaseServer#handleRequest()} waits before calling
     * {@link BaseServer#handleTimeout()}; null waits forever (the default).
     */
    public @Nullable Duration timeout() { return timeout; }

    /**
     * Threaded mode: request threads do not keep the JVM alive and {@code serverClose()} does not
     * wait for them (default false).
     */
    public boolean daemonThreads() { return daemonThreads; }

    /** {@code serverClose()} waits for in-flight requests (default true). */
    public boolean blockOnClose() { return blockOnClose; }

    /**
     * How long {@code serverClose()} waits for in-flight requests before it force-closes their
     * sockets; null waits as long as they take (the default, as CPython).
     */
    public @Nullable Duration closeGrace() { return closeGrace; }

    /** The largest datagram a datagram server reads (default 8192). */
    public int maxPacketSize() { return maxPacketSize; }

    /**
     * Unix servers: replace an existing socket file when nothing listens on it any more (default
     * false: an existing file is an error).
     */
    public boolean replaceStaleSocket() { return replaceStaleSocket; }

    /**
     * Unix servers: the socket file's permissions, set right after bind; null (the default) leaves
     * what the process umask gives, as for a stream socket.
     */
    public @Nullable Set<PosixFilePermission> socketFileMode() { return socketFileMode; }

    /** Configuration handed to each handler; crosses to forked children. */
    public HandlerConfig handlerConfig() { return handlerConfig; }

    /** How {@link Mode#FORKED} starts its child JVMs ({@link ForkOptions#defaults()}). */
    public ForkOptions fork() { return fork; }

    /** Connection limits, idle timeout and allow-list ({@link Limits#defaults()}). */
    public Limits limits() { return limits; }

    /**
     * Register a {@code dev.socketserver.observe.ServerMXBean} while the server is bound (default
     * false; docs/observability.md).
     */
    public boolean jmx() { return jmx; }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerOptions that
                && mode == that.mode
                && allowReuseAddress == that.allowReuseAddress
                && allowReusePort == that.allowReusePort
                && requestQueueSize == that.requestQueueSize
                && Objects.equals(timeout, that.timeout)
                && daemonThreads == that.daemonThreads
                && blockOnClose == that.blockOnClose
                && Objects.equals(closeGrace, that.closeGrace)
                && maxPacketSize == that.maxPacketSize
                && replaceStaleSocket == that.replaceStaleSocket
                && Objects.equals(socketFileMode, that.socketFileMode)
                && handlerConfig.equals(that.handlerConfig)
                && fork.equals(that.fork)
                && limits.equals(that.limits)
                && jmx == that.jmx;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, allowReuseAddress, allowReusePort, requestQueueSize, timeout, daemonThreads,
                blockOnClose, closeGrace, maxPacketSize, replaceStaleSocket, socketFileMode, handlerConfig, fork, limits,
                jmx);
    }

    @Override
    public String toString() {
        return "ServerOptions[mode=" + mode
                + ", allowReuseAddress=" + allowReuseAddress
                + ", allowReusePort=" + allowReusePort
                + ", requestQueueSize=" + requestQueueSize
                + ", timeout=" + timeout
                + ", daemonThreads=" + daemonThreads
                + ", blockOnClose=" + blockOnClose
                + ", closeGrace=" + closeGrace
                + ", maxPacketSize=" + maxPacketSize
                + ", replaceStaleSocket=" + replaceStaleSocket
                + ", socketFileMode=" + socketFileMode
                + ", handlerConfig=" + handlerConfig
                + ", fork=" + fork
                + ", limits=" + limits
                + ", jmx=" + jmx + "]";
    }

    /** Collects values for a {@link ServerOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private Mode mode = Mode.SYNC;
        private boolean allowReuseAddress;
        private boolean allowReusePort;
        private int requestQueueSize = 5;
        private @Nullable Duration timeout;
        private boolean daemonThreads;
        private boolean blockOnClose = true;
        private @Nullable Duration closeGrace;
        private int maxPacketSize = 8192;
        private boolean replaceStaleSocket;
        private @Nullable Set<PosixFilePermission> socketFileMode;
        private HandlerConfig handlerConfig = HandlerConfig.empty();
        private ForkOptions fork = ForkOptions.defaults();
        private Limits limits = Limits.defaults();
        private boolean jmx;

        private Builder() {
        }

        private Builder(ServerOptions from) {
            mode = from.mode;
            allowReuseAddress = from.allowReuseAddress;
            allowReusePort = from.allowReusePort;
            requestQueueSize = from.requestQueueSize;
            timeout = from.timeout;
            daemonThreads = from.daemonThreads;
            blockOnClose = from.blockOnClose;
            closeGrace = from.closeGrace;
            maxPacketSize = from.maxPacketSize;
            replaceStaleSocket = from.replaceStaleSocket;
            socketFileMode = from.socketFileMode;
            handlerConfig = from.handlerConfig;
            fork = from.fork;
            limits = from.limits;
            jmx = from.jmx;
        }

        public Builder mode(Mode value) { mode = Objects.requireNonNull(value, "mode"); return this; }
        public Builder allowReuseAddress(boolean value) { allowReuseAddress = value; return this; }
        public Builder allowReusePort(boolean value) { allowReusePort = value; return this; }
        public Builder requestQueueSize(int value) { requestQueueSize = value; return this; }
        public Builder timeout(@Nullable Duration value) { timeout = value; return this; }
        public Builder daemonThreads(boolean value) { daemonThreads = value; return this; }
        public Builder blockOnClose(boolean value) { blockOnClose = value; return this; }
        public Builder closeGrace(@Nullable Duration value) { closeGrace = value; return this; }
        public Builder maxPacketSize(int value) { maxPacketSize = value; return this; }
        public Builder replaceStaleSocket(boolean value) { replaceStaleSocket = value; return this; }
        public Builder socketFileMode(@Nullable Set<PosixFilePermission> value) { socketFileMode = value; return this; }
        public Builder handlerConfig(HandlerConfig value) { handlerConfig = Objects.requireNonNull(value, "handlerConfig"); return this; }
        public Builder fork(ForkOptions value) { fork = Objects.requireNonNull(value, "fork"); return this; }
        public Builder limits(Limits value) { limits = Objects.requireNonNull(value, "limits"); return this; }

        /** Registers a {@code ServerMXBean} for the server while it is bound (docs/observability.md). */
        public Builder jmx(boolean value) { jmx = value; return this; }

        /** Validates every value; a bad one gives {@link IllegalArgumentException} naming it. */
        public ServerOptions build() {
            if (requestQueueSize < 0) {
                throw new IllegalArgumentException("requestQueueSize must be >= 0, got " + requestQueueSize);
            }
            if (maxPacketSize < 1 || maxPacketSize > 65_536) {
                throw new IllegalArgumentException("maxPacketSize must be in 1..65536, got " + maxPacketSize);
            }
            requireNonNegative("timeout", timeout);
            requireNonNegative("closeGrace", closeGrace);
            return new ServerOptions(this);
        }

        private static void requireNonNegative(String name, @Nullable Duration value) {
            if (value != null && value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
        }
    }
}
