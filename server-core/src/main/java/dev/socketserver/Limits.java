package dev.socketserver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFSocketAddress;

/**
 * What a server accepts from its clients: how many requests at once, how long a connection may
 * stay silent, how long a command may be, and which addresses may connect at all. Built one way
 * only, like {@link ServerOptions}: {@link #builder()} or {@link #toBuilder()}, then
 * {@link Builder#build()}, which validates.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.VIRTUAL)
 *         .limits(Limits.builder()
 *                 .maxConnections(200)
 *                 .idleTimeout(Duration.ofSeconds(30))
 *                 .allow(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128")))
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class Limits {

    /** The default for {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default for {@link #maxCommandLength()}: the seed's server reads one command with {@code recv(1024)}. */
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 1024;
    /** The default for {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Limits DEFAULTS = new Builder().build();

    private final int maxConnections;
    private final @Nullable Duration idleTimeout;
    private final int maxCommandLength;
    private final List<Cidr> allow;
    private final @Nullable Duration requestTimeout;

    private Limits(Builder b) {
        maxConnections = b.maxConnections;
        idleTimeout = b.idleTimeout;
        maxCommandLength = b.maxCommandLength;
        allow = List.copyOf(b.allow);
        requestTimeout = b.requestTimeout;
    }

    /** {@return the defaults: 1024 connections, no idle timeout, 1024-byte commands, every client allowed, 30 s per request} */
    public static Limits defaults() {
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

    /**
     * How many requests may be in flight at once (default 1024); at the limit the server stops
     * accepting, so new connections wait in the listen backlog (and datagrams in the socket's
     * receive buffer) until a request ends; sync mode serves one at a time anyway.
     *
     * @return the most requests in flight at once
     */
    public int maxConnections() { return maxConnections; }

    /**
     * Stream servers: a connection whose handler has waited this long without any progress is
     * closed (against slowloris); null never closes one (the default, as CPython). Progress is
     * what the handler does through {@code rfile()} and {@code wfile()}, and each call of
     * {@link StreamRequestHandler#markProgress()}; the timer never runs while I/O is moving.
     *
     * @return the idle timeout of stream connections, or null for none
     */
    public @Nullable Duration idleTimeout() { return idleTimeout; }

    /**
     * The longest command a protocol handler accepts, in bytes (default 1024, the seed's single
     * read); handlers read it from {@link Server#limits()}.
     *
     * @return the longest command a protocol handler accepts, in bytes
     */
    public int maxCommandLength() { return maxCommandLength; }

    /**
     * The client addresses that may connect; empty allows everyone (the default). Unix socket
     * clients have no IP address and are governed by the socket file's permissions instead.
     *
     * @return the allowed client address blocks; empty allows everyone
     */
    public List<Cidr> allow() { return allow; }

    /**
     * How long a protocol handler gives a request to arrive whole, however its bytes trickle
     * (against slowloris, which the idle timeout misses: any byte is progress); default 30 s, null
     * for none. The file handler counts from a command's first bytes to a command it can parse,
     * and from its size reply to the acknowledgement; silence before a command is the idle
     * timeout's business. Handlers read it from {@link Server#limits()}.
     *
     * @return the time a request has to arrive whole, or null for none
     */
    public @Nullable Duration requestTimeout() { return requestTimeout; }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits that
                && maxConnections == that.maxConnections
                && Objects.equals(idleTimeout, that.idleTimeout)
                && maxCommandLength == that.maxCommandLength
                && allow.equals(that.allow)
                && Objects.equals(requestTimeout, that.requestTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, idleTimeout, maxCommandLength, allow, requestTimeout);
    }

    @Override
    public String toString() {
        return "Limits[maxConnections=" + maxConnections + ", idleTimeout=" + idleTimeout
                + ", maxCommandLength=" + maxCommandLength + ", allow=" + allow
                + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Collects values for a {@link Limits}; {@link #build()} validates them. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private @Nullable Duration idleTimeout;
        private int maxCommandLength = DEFAULT_MAX_COMMAND_LENGTH;
        private List<Cidr> allow = List.of();
        private @Nullable Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {
        }

        private Builder(Limits from) {
            maxConnections = from.maxConnections;
            idleTimeout = from.idleTimeout;
            maxCommandLength = from.maxCommandLength;
            allow = from.allow;
            requestTimeout = from.requestTimeout;
        }

        /**
         * Sets {@link Limits#maxConnections()}.
         *
         * @param value how many requests may be in flight at once (default 1024); {@link #build()} wants at least 1
         * @return this builder
         */
        public Builder maxConnections(int value) { maxConnections = value; return this; }

        /**
         * Null never closes an idle connection.
         *
         * @param value how long a stream connection's handler may wait without progress before it is closed; null (the default) for never; {@link #build()} refuses zero or a negative one
         * @return this builder
         */
        public Builder idleTimeout(@Nullable Duration value) { idleTimeout = value; return this; }
        /**
         * Sets {@link Limits#maxCommandLength()}.
         *
         * @param value the longest command a protocol handler accepts, in bytes (default 1024); {@link #build()} wants at least 1
         * @return this builder
         */
        public Builder maxCommandLength(int value) { maxCommandLength = value; return this; }
        /**
         * Sets {@link Limits#allow()}.
         *
         * @param value the client address blocks that may connect; empty (the default) allows everyone
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder allow(List<Cidr> value) { allow = Objects.requireNonNull(value, "allow"); return this; }

        /**
         * Null gives a request as long as it takes.
         *
         * @param value how long a protocol handler gives a request to arrive whole (default 30 s); {@link #build()} refuses zero or a negative one
         * @return this builder
         */
        public Builder requestTimeout(@Nullable Duration value) { requestTimeout = value; return this; }

        /**
         * Validates every value; a bad one gives {@link IllegalArgumentException} naming it.
         *
         * @return the limits with this builder's values
         * @throws IllegalArgumentException if {@code maxConnections} or {@code maxCommandLength} is below 1, or
         *     {@code idleTimeout} or {@code requestTimeout} is zero or negative
         */
        public Limits build() {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
            }
            if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
                throw new IllegalArgumentException("idleTimeout must be positive (or null for none), got " + idleTimeout);
            }
            if (maxCommandLength < 1) {
                throw new IllegalArgumentException("maxCommandLength must be >= 1, got " + maxCommandLength);
            }
            if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
                throw new IllegalArgumentException("requestTimeout must be positive (or null for none), got " + requestTimeout);
            }
            return new Limits(this);
        }
    }

    /**
     * Whether a client at {@code client} may be served: always when the allow-list is empty or
     * the client is not an IP address (a Unix socket peer); otherwise when a block contains it.
     *
     * @param client the client's address, as the server received it
     * @return true if the client may be served
     */
    public boolean allows(SocketAddress client) {
        // junixsocket's Unix addresses are InetSocketAddress subclasses too, with a made-up address
        if (allow.isEmpty() || !(client instanceof InetSocketAddress inet) || client instanceof AFSocketAddress) {
            return true;
        }
        if (inet.getAddress() == null) {
            return false; // an unresolved address cannot be checked
        }
        for (Cidr block : allow) {
            if (block.contains(inet.getAddress())) {
                return true;
            }
        }
        return false;
    }
}
