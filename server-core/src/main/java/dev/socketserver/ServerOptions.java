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

    /** {@return the options with CPython's defaults, in {@link Mode#SYNC}} */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder starting from {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder starting from these values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return how each request runs; {@link Mode#SYNC} by default, like CPython's {@code TCPServer}} */
    public Mode mode() { return mode; }

    /** {@return whether {@code SO_REUSEADDR} is set before binding (default false)} */
    public boolean allowReuseAddress() { return allowReuseAddress; }

    /** {@return whether {@code SO_REUSEPORT} is set before binding (default false)} */
    public boolean allowReusePort() { return allowReusePort; }

    /**
     * The listen backlog of stream servers (default 5, CPython's). It is what a burst of connects
     * can queue while the server accepts: past it the kernel drops the client's SYN and the client
     * retransmits it after 1 s, then 2 s, 4 s... so 50 clients connecting at once wait whole
     * seconds. A server facing bursts wants hundreds or thousands (the system caps it at
     * {@code net.core.somaxconn}; {@code socketserver serve} uses that cap by default).
     *
     * @return the listen backlog of stream servers
     */
    public int requestQueueSize() { return requestQueueSize; }

    /**
     * How long {@link BaseServer#handleRequest()} waits before calling
     * {@link BaseServer#handleTimeout()}; null waits forever (the default).
     *
     * @return the handle-request timeout, or null to wait forever
     */
    public @Nullable Duration timeout() { return timeout; }

    /**
     * Threaded mode: request threads do not keep the JVM alive and {@code serverClose()} does not
     * wait for them (default false).
     *
     * @return whether request threads are daemon threads
     */
    public boolean daemonThreads() { return daemonThreads; }

    /** {@return whether {@code serverClose()} waits for in-flight requests (default true)} */
    public boolean blockOnClose() { return blockOnClose; }

    /**
     * How long {@code serverClose()} waits for in-flight requests before it force-closes their
     * sockets; null waits as long as they take (the default, as CPython).
     *
     * @return the close grace, or null to wait as long as requests take
     */
    public @Nullable Duration closeGrace() { return closeGrace; }

    /** {@return the largest datagram a datagram server reads (default 8192)} */
    public int maxPacketSize() { return maxPacketSize; }

    /**
     * Unix servers: replace an existing socket file when nothing listens on it any more (default
     * false: an existing file is an error).
     *
     * @return whether a stale socket file is replaced
     */
    public boolean replaceStaleSocket() { return replaceStaleSocket; }

    /**
     * Unix servers: the socket file's permissions, set right after bind; null (the default) leaves
     * what the process umask gives, as for a stream socket.
     *
     * @return the socket file's permissions, or null to leave what the umask gives
     */
    public @Nullable Set<PosixFilePermission> socketFileMode() { return socketFileMode; }

    /** {@return the configuration handed to each handler; it crosses to forked children} */
    public HandlerConfig handlerConfig() { return handlerConfig; }

    /** {@return how {@link Mode#FORKED} starts its child JVMs ({@link ForkOptions#defaults()})} */
    public ForkOptions fork() { return fork; }

    /** {@return the connection limits, idle timeout and allow-list ({@link Limits#defaults()})} */
    public Limits limits() { return limits; }

    /**
     * Register a {@code dev.socketserver.observe.ServerMXBean} while the server is bound (default
     * false; docs/observability.md).
     *
     * @return whether a {@code ServerMXBean} is registered while the server is bound
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

        /**
         * Sets {@link ServerOptions#mode()}.
         *
         * @param value how each request runs (default {@link Mode#SYNC}); it must not be null
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder mode(Mode value) { mode = Objects.requireNonNull(value, "mode"); return this; }
        /**
         * Sets {@link ServerOptions#allowReuseAddress()}.
         *
         * @param value whether to set {@code SO_REUSEADDR} before binding (default false)
         * @return this builder
         */
        public Builder allowReuseAddress(boolean value) { allowReuseAddress = value; return this; }
        /**
         * Sets {@link ServerOptions#allowReusePort()}.
         *
         * @param value whether to set {@code SO_REUSEPORT} before binding (default false)
         * @return this builder
         */
        public Builder allowReusePort(boolean value) { allowReusePort = value; return this; }
        /**
         * Sets {@link ServerOptions#requestQueueSize()}.
         *
         * @param value the listen backlog of stream servers (default 5); {@link #build()} refuses a negative one
         * @return this builder
         */
        public Builder requestQueueSize(int value) { requestQueueSize = value; return this; }
        /**
         * Sets {@link ServerOptions#timeout()}.
         *
         * @param value how long {@link BaseServer#handleRequest()} waits before calling {@link BaseServer#handleTimeout()}; null (the default) waits forever; {@link #build()} refuses a negative one
         * @return this builder
         */
        public Builder timeout(@Nullable Duration value) { timeout = value; return this; }
        /**
         * Sets {@link ServerOptions#daemonThreads()}.
         *
         * @param value threaded mode: whether request threads are daemons, so they do not keep the JVM alive and {@code serverClose()} does not wait for them (default false)
         * @return this builder
         */
        public Builder daemonThreads(boolean value) { daemonThreads = value; return this; }
        /**
         * Sets {@link ServerOptions#blockOnClose()}.
         *
         * @param value whether {@code serverClose()} waits for in-flight requests (default true)
         * @return this builder
         */
        public Builder blockOnClose(boolean value) { blockOnClose = value; return this; }
        /**
         * Sets {@link ServerOptions#closeGrace()}.
         *
         * @param value how long {@code serverClose()} waits for in-flight requests before it force-closes their sockets; null (the default) waits as long as they take; {@link #build()} refuses a negative one
         * @return this builder
         */
        public Builder closeGrace(@Nullable Duration value) { closeGrace = value; return this; }
        /**
         * Sets {@link ServerOptions#maxPacketSize()}.
         *
         * @param value the largest datagram a datagram server reads (default 8192); {@link #build()} wants 1 to 65536
         * @return this builder
         */
        public Builder maxPacketSize(int value) { maxPacketSize = value; return this; }
        /**
         * Sets {@link ServerOptions#replaceStaleSocket()}.
         *
         * @param value Unix servers: whether to replace an existing socket file when nothing listens on it any more (default false)
         * @return this builder
         */
        public Builder replaceStaleSocket(boolean value) { replaceStaleSocket = value; return this; }
        /**
         * Sets {@link ServerOptions#socketFileMode()}.
         *
         * @param value Unix servers: the socket file's permissions, set right after bind; null (the default) leaves what the umask gives
         * @return this builder
         */
        public Builder socketFileMode(@Nullable Set<PosixFilePermission> value) { socketFileMode = value; return this; }
        /**
         * Sets {@link ServerOptions#handlerConfig()}.
         *
         * @param value configuration handed to each handler; crosses to forked children; it must not be null
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder handlerConfig(HandlerConfig value) { handlerConfig = Objects.requireNonNull(value, "handlerConfig"); return this; }
        /**
         * Sets {@link ServerOptions#fork()}.
         *
         * @param value how {@link Mode#FORKED} starts its child JVMs; it must not be null
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder fork(ForkOptions value) { fork = Objects.requireNonNull(value, "fork"); return this; }
        /**
         * Sets {@link ServerOptions#limits()}.
         *
         * @param value connection limits, idle timeout and allow-list; it must not be null
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder limits(Limits value) { limits = Objects.requireNonNull(value, "limits"); return this; }

        /**
         * Registers a {@code ServerMXBean} for the server while it is bound (docs/observability.md).
         *
         * @param value whether to register it (default false)
         * @return this builder
         */
        public Builder jmx(boolean value) { jmx = value; return this; }

        /**
         * Validates every value; a bad one gives {@link IllegalArgumentException} naming it.
         *
         * @return the options with this builder's values
         * @throws IllegalArgumentException if a value is out of range: a negative {@code requestQueueSize},
         *     {@code timeout} or {@code closeGrace}, or a {@code maxPacketSize} outside 1..65536
         */
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
