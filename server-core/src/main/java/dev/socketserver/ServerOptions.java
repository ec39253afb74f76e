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
 * then {@link ServerOptionsBuilder#build()}, which validates.
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

    private static final ServerOptions DEFAULTS = new ServerOptionsBuilder().build();

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
    private final boolean batchScheduling;

    ServerOptions(ServerOptionsBuilder b) {
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
        batchScheduling = b.batchScheduling;
    }

    /** {@return the options with CPython's defaults, in {@link Mode#SYNC}} */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder starting from {@link #defaults()}} */
    public static ServerOptionsBuilder builder() {
        return new ServerOptionsBuilder();
    }

    /** {@return a new builder starting from these values} */
    public ServerOptionsBuilder toBuilder() {
        return new ServerOptionsBuilder(this);
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

    /**
     * Linux: {@link BaseServer#serveForever} moves its thread into the {@code SCHED_BATCH}
     * scheduling class while it serves, and back when it returns (default false; {@code
     * socketserver serve} turns it on). A batch thread gets the same share of the CPU, but waking
     * it does not preempt the thread running on its core. So when requests keep the server's core
     * busy, a new connection no longer interrupts them: the loop accepts it, with any that came
     * meanwhile, when the running request thread blocks or its time slice ends (a millisecond or
     * two with Linux's default settings), which saves two context switches per connection
     * (measured in docs/benchmarks.md). On an idle core nothing waits. Threads and processes the loop starts
     * while it serves inherit the class: threaded mode's request threads, virtual mode's carrier
     * threads when the loop's first request starts them (they serve every virtual thread of the
     * JVM), forked mode's children. It needs native access ({@code --enable-native-access}, which
     * the {@code socketserver} jar's manifest grants); without it, or on another system, or when
     * the thread is not in the normal class (say, real-time), nothing changes.
     *
     * @return whether {@code serveForever} runs in the batch scheduling class
     */
    public boolean batchScheduling() { return batchScheduling; }

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
                && jmx == that.jmx
                && batchScheduling == that.batchScheduling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, allowReuseAddress, allowReusePort, requestQueueSize, timeout, daemonThreads,
                blockOnClose, closeGrace, maxPacketSize, replaceStaleSocket, socketFileMode, handlerConfig, fork, limits,
                jmx, batchScheduling);
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
                + ", jmx=" + jmx
                + ", batchScheduling=" + batchScheduling + "]";
    }
}
