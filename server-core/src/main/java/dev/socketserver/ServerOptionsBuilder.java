package dev.socketserver;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jetbrains.annotations.Nullable;

/**
 * Collects values for a {@link ServerOptions}: start from {@link ServerOptions#builder()} or
 * {@link ServerOptions#toBuilder()}; {@link #build()} validates them.
 */
public final class ServerOptionsBuilder {

    // read by ServerOptions' constructor
    Mode mode = Mode.SYNC;
    boolean allowReuseAddress;
    boolean allowReusePort;
    int requestQueueSize = 5;
    @Nullable Duration timeout;
    boolean daemonThreads;
    boolean blockOnClose = true;
    @Nullable Duration closeGrace;
    int maxPacketSize = 8192;
    boolean replaceStaleSocket;
    @Nullable Set<PosixFilePermission> socketFileMode;
    HandlerConfig handlerConfig = HandlerConfig.empty();
    ForkOptions fork = ForkOptions.defaults();
    Limits limits = Limits.defaults();
    boolean jmx;
    boolean batchScheduling;

    ServerOptionsBuilder() {
    }

    ServerOptionsBuilder(ServerOptions from) {
        mode = from.mode();
        allowReuseAddress = from.allowReuseAddress();
        allowReusePort = from.allowReusePort();
        requestQueueSize = from.requestQueueSize();
        timeout = from.timeout();
        daemonThreads = from.daemonThreads();
        blockOnClose = from.blockOnClose();
        closeGrace = from.closeGrace();
        maxPacketSize = from.maxPacketSize();
        replaceStaleSocket = from.replaceStaleSocket();
        socketFileMode = from.socketFileMode();
        handlerConfig = from.handlerConfig();
        fork = from.fork();
        limits = from.limits();
        jmx = from.jmx();
        batchScheduling = from.batchScheduling();
    }

    /**
     * Sets {@link ServerOptions#mode()}.
     *
     * @param value how each request runs (default {@link Mode#SYNC}); it must not be null
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public ServerOptionsBuilder mode(Mode value) { mode = Objects.requireNonNull(value, "mode"); return this; }
    /**
     * Sets {@link ServerOptions#allowReuseAddress()}.
     *
     * @param value whether to set {@code SO_REUSEADDR} before binding (default false)
     * @return this builder
     */
    public ServerOptionsBuilder allowReuseAddress(boolean value) { allowReuseAddress = value; return this; }
    /**
     * Sets {@link ServerOptions#allowReusePort()}.
     *
     * @param value whether to set {@code SO_REUSEPORT} before binding (default false)
     * @return this builder
     */
    public ServerOptionsBuilder allowReusePort(boolean value) { allowReusePort = value; return this; }
    /**
     * Sets {@link ServerOptions#requestQueueSize()}.
     *
     * @param value the listen backlog of stream servers (default 5); {@link #build()} refuses a negative one
     * @return this builder
     */
    public ServerOptionsBuilder requestQueueSize(int value) { requestQueueSize = value; return this; }
    /**
     * Sets {@link ServerOptions#timeout()}.
     *
     * @param value how long {@link BaseServer#handleRequest()} waits before calling {@link BaseServer#handleTimeout()}; null (the default) waits forever; {@link #build()} refuses a negative one
     * @return this builder
     */
    public ServerOptionsBuilder timeout(@Nullable Duration value) { timeout = value; return this; }
    /**
     * Sets {@link ServerOptions#daemonThreads()}.
     *
     * @param value threaded mode: whether request threads are daemons, so they do not keep the JVM alive and {@code serverClose()} does not wait for them (default false)
     * @return this builder
     */
    public ServerOptionsBuilder daemonThreads(boolean value) { daemonThreads = value; return this; }
    /**
     * Sets {@link ServerOptions#blockOnClose()}.
     *
     * @param value whether {@code serverClose()} waits for in-flight requests (default true)
     * @return this builder
     */
    public ServerOptionsBuilder blockOnClose(boolean value) { blockOnClose = value; return this; }
    /**
     * Sets {@link ServerOptions#closeGrace()}.
     *
     * @param value how long {@code serverClose()} waits for in-flight requests before it force-closes their sockets; null (the default) waits as long as they take; {@link #build()} refuses a negative one
     * @return this builder
     */
    public ServerOptionsBuilder closeGrace(@Nullable Duration value) { closeGrace = value; return this; }
    /**
     * Sets {@link ServerOptions#maxPacketSize()}.
     *
     * @param value the largest datagram a datagram server reads (default 8192); {@link #build()} wants 1 to 65536
     * @return this builder
     */
    public ServerOptionsBuilder maxPacketSize(int value) { maxPacketSize = value; return this; }
    /**
     * Sets {@link ServerOptions#replaceStaleSocket()}.
     *
     * @param value Unix servers: whether to replace an existing socket file when nothing listens on it any more (default false)
     * @return this builder
     */
    public ServerOptionsBuilder replaceStaleSocket(boolean value) { replaceStaleSocket = value; return this; }
    /**
     * Sets {@link ServerOptions#socketFileMode()}.
     *
     * @param value Unix servers: the socket file's permissions, set right after bind; null (the default) leaves what the umask gives
     * @return this builder
     */
    public ServerOptionsBuilder socketFileMode(@Nullable Set<PosixFilePermission> value) { socketFileMode = value; return this; }
    /**
     * Sets {@link ServerOptions#handlerConfig()}.
     *
     * @param value configuration handed to each handler; crosses to forked children; it must not be null
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public ServerOptionsBuilder handlerConfig(HandlerConfig value) { handlerConfig = Objects.requireNonNull(value, "handlerConfig"); return this; }
    /**
     * Sets {@link ServerOptions#fork()}.
     *
     * @param value how {@link Mode#FORKED} starts its child JVMs; it must not be null
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public ServerOptionsBuilder fork(ForkOptions value) { fork = Objects.requireNonNull(value, "fork"); return this; }
    /**
     * Sets {@link ServerOptions#limits()}.
     *
     * @param value connection limits, idle timeout and allow-list; it must not be null
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public ServerOptionsBuilder limits(Limits value) { limits = Objects.requireNonNull(value, "limits"); return this; }

    /**
     * Registers a {@code ServerMXBean} for the server while it is bound (docs/observability.md).
     *
     * @param value whether to register it (default false)
     * @return this builder
     */
    public ServerOptionsBuilder jmx(boolean value) { jmx = value; return this; }

    /**
     * Sets {@link ServerOptions#batchScheduling()}.
     *
     * @param value whether {@link BaseServer#serveForever} runs in Linux's {@code SCHED_BATCH} class (default false)
     * @return this builder
     */
    public ServerOptionsBuilder batchScheduling(boolean value) { batchScheduling = value; return this; }

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
