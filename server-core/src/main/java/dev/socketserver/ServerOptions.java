package dev.socketserver;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import org.jetbrains.annotations.Nullable;

/**
 * A server's settings: CPython's class attributes ({@code allow_reuse_address},
 * {@code request_queue_size}, {@code timeout}, {@code daemon_threads}, {@code block_on_close},
 * {@code max_packet_size}) as one immutable value, plus the concurrency {@link Mode} and the
 * handler's {@link HandlerConfig}.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.VIRTUAL)
 *         .allowReuseAddress(true)
 *         .handlerConfig(HandlerConfig.of("root", "/srv/files"))
 *         .build();
 * }</pre>
 *
 * @param mode how each request runs; {@link Mode#SYNC} by default, like CPython's {@code TCPServer}
 * @param allowReuseAddress set {@code SO_REUSEADDR} before binding (default false)
 * @param allowReusePort set {@code SO_REUSEPORT} before binding (default false)
 * @param requestQueueSize the listen backlog of stream servers (default 5, CPython's). It is what
 *     a burst of connects can queue while the server accepts: past it the kernel drops the client's
 *     SYN and the client retransmits it after 1 s, then 2 s, 4 s... so 50 clients connecting at once
 *     wait whole seconds. A server facing bursts wants hundreds or thousands (the system caps it at
 *     {@code net.core.somaxconn}; {@code socketserver serve} uses that cap by default)
 * @param timeout how long {@link BaseServer#handleRequest()} waits before calling
 *     {@link BaseServer#handleTimeout()}; null waits forever (the default)
 * @param daemonThreads threaded mode: request threads do not keep the JVM alive and
 *     {@code serverClose()} does not wait for them (default false)
 * @param blockOnClose {@code serverClose()} waits for in-flight requests (default true)
 * @param closeGrace how long {@code serverClose()} waits for in-flight requests before it
 *     force-closes their sockets; null waits as long as they take (the default, as CPython)
 * @param maxPacketSize the largest datagram a datagram server reads (default 8192)
 * @param replaceStaleSocket Unix servers: replace an existing socket file when nothing
 *     listens on it any more (default false: an existing file is an error)
 * @param socketFileMode Unix servers: the socket file's permissions, set right after bind; null
 *     (the default) leaves what the process umask gives, as for a stream socket
 * @param handlerConfig configuration handed to each handler; crosses to forked children
 * @param fork how {@link Mode#FORKED} starts its child JVMs ({@link ForkOptions#defaults()})
 * @param limits connection limits, idle timeout and allow-list ({@link Limits#defaults()})
 * @param jmx register a {@code dev.socketserver.observe.ServerMXBean} while the server is bound
 *     (default false; docs/observability.md)
 */
public record ServerOptions(
        Mode mode,
        boolean allowReuseAddress,
        boolean allowReusePort,
        int requestQueueSize,
        @Nullable Duration timeout,
        boolean daemonThreads,
        boolean blockOnClose,
        @Nullable Duration closeGrace,
        int maxPacketSize,
        boolean replaceStaleSocket,
        @Nullable Set<PosixFilePermission> socketFileMode,
        HandlerConfig handlerConfig,
        ForkOptions fork,
        Limits limits,
        boolean jmx) {

    private static final ServerOptions DEFAULTS = new ServerOptions(
            Mode.SYNC, false, false, 5, null, false, true, null, 8192, false, null, HandlerConfig.empty(),
            ForkOptions.defaults(), Limits.defaults(), false);

    /** Validates every value; a bad one gives {@link IllegalArgumentException} naming it. */
    public ServerOptions {
        if (requestQueueSize < 0) {
            throw new IllegalArgumentException("requestQueueSize must be >= 0, got " + requestQueueSize);
        }
        if (maxPacketSize < 1 || maxPacketSize > 65_536) {
            throw new IllegalArgumentException("maxPacketSize must be in 1..65536, got " + maxPacketSize);
        }
        socketFileMode = socketFileMode == null ? null : Set.copyOf(socketFileMode);
        requireNonNegative("timeout", timeout);
        requireNonNegative("closeGrace", closeGrace);
    }

    private static void requireNonNegative(String name, @Nullable Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    /** {@return CPython's defaults, in {@link Mode#SYNC}} */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from {@link #defaults()}} */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** {@return a builder starting from these values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A copy in another mode.
     *
     * @param newMode how each request runs
     * @return the copy; this one is unchanged
     */
    public ServerOptions withMode(Mode newMode) {
        return toBuilder().mode(newMode).build();
    }

    /**
     * A copy with another handler configuration.
     *
     * @param config what each handler reads through {@code config()}
     * @return the copy; this one is unchanged
     */
    public ServerOptions withHandlerConfig(HandlerConfig config) {
        return toBuilder().handlerConfig(config).build();
    }

    /** Collects values for a {@link ServerOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private Mode mode;
        private boolean allowReuseAddress;
        private boolean allowReusePort;
        private int requestQueueSize;
        private @Nullable Duration timeout;
        private boolean daemonThreads;
        private boolean blockOnClose;
        private @Nullable Duration closeGrace;
        private int maxPacketSize;
        private boolean replaceStaleSocket;
        private @Nullable Set<PosixFilePermission> socketFileMode;
        private HandlerConfig handlerConfig;
        private ForkOptions fork;
        private Limits limits;
        private boolean jmx;

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

        /**
         * Sets {@code mode}.
         *
         * @param value how each request runs
         * @return this builder
         */
        public Builder mode(Mode value) { mode = value; return this; }
        /**
         * Sets {@code allowReuseAddress}.
         *
         * @param value set {@code SO_REUSEADDR} before binding (default false)
         * @return this builder
         */
        public Builder allowReuseAddress(boolean value) { allowReuseAddress = value; return this; }
        /**
         * Sets {@code allowReusePort}.
         *
         * @param value set {@code SO_REUSEPORT} before binding (default false)
         * @return this builder
         */
        public Builder allowReusePort(boolean value) { allowReusePort = value; return this; }
        /**
         * Sets {@code requestQueueSize}.
         *
         * @param value the listen backlog of stream servers (default 5, CPython's)
         * @return this builder
         */
        public Builder requestQueueSize(int value) { requestQueueSize = value; return this; }
        /**
         * Sets {@code timeout}.
         *
         * @param value how long {@link BaseServer#handleRequest()} waits before calling {@link BaseServer#handleTimeout()}; null waits forever
         * @return this builder
         */
        public Builder timeout(@Nullable Duration value) { timeout = value; return this; }
        /**
         * Sets {@code daemonThreads}.
         *
         * @param value threaded mode: request threads do not keep the JVM alive and {@code serverClose()} does not wait for them (default false)
         * @return this builder
         */
        public Builder daemonThreads(boolean value) { daemonThreads = value; return this; }
        /**
         * Sets {@code blockOnClose}.
         *
         * @param value {@code serverClose()} waits for in-flight requests (default true)
         * @return this builder
         */
        public Builder blockOnClose(boolean value) { blockOnClose = value; return this; }
        /**
         * Sets {@code closeGrace}.
         *
         * @param value how long {@code serverClose()} waits for in-flight requests before it force-closes their sockets; null waits as long as they run
         * @return this builder
         */
        public Builder closeGrace(@Nullable Duration value) { closeGrace = value; return this; }
        /**
         * Sets {@code maxPacketSize}.
         *
         * @param value the largest datagram a datagram server reads (default 8192)
         * @return this builder
         */
        public Builder maxPacketSize(int value) { maxPacketSize = value; return this; }
        /**
         * Sets {@code replaceStaleSocket}.
         *
         * @param value Unix servers: replace an existing socket file when nothing listens on it any more (default false: an existing file is an error)
         * @return this builder
         */
        public Builder replaceStaleSocket(boolean value) { replaceStaleSocket = value; return this; }
        /**
         * Sets {@code socketFileMode}.
         *
         * @param value Unix servers: the socket file's permissions, set right after bind; null leaves them to the umask
         * @return this builder
         */
        public Builder socketFileMode(@Nullable Set<PosixFilePermission> value) { socketFileMode = value; return this; }
        /**
         * Sets {@code handlerConfig}.
         *
         * @param value configuration handed to each handler
         * @return this builder
         */
        public Builder handlerConfig(HandlerConfig value) { handlerConfig = value; return this; }
        /**
         * Sets {@code fork}.
         *
         * @param value how {@link Mode#FORKED} starts its child JVMs ({@link ForkOptions#defaults()})
         * @return this builder
         */
        public Builder fork(ForkOptions value) { fork = value; return this; }
        /**
         * Sets {@code limits}.
         *
         * @param value connection limits, idle timeout and allow-list ({@link Limits#defaults()})
         * @return this builder
         */
        public Builder limits(Limits value) { limits = value; return this; }
        /**
         * Registers a {@code ServerMXBean} for the server while it is bound (docs/observability.md).
         *
         * @param value register a {@code dev.socketserver.observe.ServerMXBean} while the server is bound (default false)
         * @return this builder
         */
        public Builder jmx(boolean value) { jmx = value; return this; }

        /**
         * Validates the values collected.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first value out of range
         */
        public ServerOptions build() {
            return new ServerOptions(mode, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                    daemonThreads, blockOnClose, closeGrace, maxPacketSize, replaceStaleSocket, socketFileMode, handlerConfig,
                    fork, limits, jmx);
        }
    }
}
