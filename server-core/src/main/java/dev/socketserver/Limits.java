package dev.socketserver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFSocketAddress;

/**
 * What a server accepts from its clients: how many requests at once, how long a connection may
 * stay silent, how long a command may be, and which addresses may connect at all.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.VIRTUAL)
 *         .limits(Limits.defaults()
 *                 .withMaxConnections(200)
 *                 .withIdleTimeout(Duration.ofSeconds(30))
 *                 .withAllow(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"))))
 *         .build();
 * }</pre>
 *
 * @param maxConnections how many requests may be in flight at once (default 1024); at the limit
 *     the server stops accepting, so new connections wait in the listen backlog (and datagrams
 *     in the socket's receive buffer) until a request ends; sync mode serves one at a time anyway
 * @param idleTimeout stream servers: a connection whose handler has waited this long without any
 *     input or output is closed (against slowloris); null never closes one (the default, as
 *     CPython). Progress is what the handler does through {@code rfile()}, {@code wfile()} and
 *     each call of {@code channel()}; the timer never runs while I/O is moving
 * @param maxCommandLength the longest command a protocol handler accepts, in bytes (default 1024,
 *     the seed's single read); handlers read it from {@link Server#limits()}
 * @param allow the client addresses that may connect; empty allows everyone (the default). Unix
 *     socket clients have no IP address and are governed by the socket file's permissions instead
 * @param requestTimeout how long a protocol handler gives a request to arrive whole, however its
 *     bytes trickle (against slowloris, which the idle timeout misses: any byte is progress);
 *     default 30 s, null for none. The file handler counts from a command's first bytes to a
 *     command it can parse, and from its size reply to the acknowledgement; silence before a
 *     command is the idle timeout's business. Handlers read it from {@link Server#limits()}
 */
public record Limits(int maxConnections, @Nullable Duration idleTimeout, int maxCommandLength, List<Cidr> allow,
                     @Nullable Duration requestTimeout) {

    /** The default for {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default for {@link #maxCommandLength()}: the seed's server reads one command with {@code recv(1024)}. */
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 1024;
    /** The default for {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final String IDLE_TIMEOUT_KEY = "socketserver.idleTimeout";
    private static final String MAX_COMMAND_LENGTH_KEY = "socketserver.maxCommandLength";
    private static final String REQUEST_TIMEOUT_KEY = "socketserver.requestTimeout";
    /** The carried value of "no request timeout" (a carried entry that is absent means the default). */
    private static final String NONE = "none";

    private static final Limits DEFAULTS =
            new Limits(DEFAULT_MAX_CONNECTIONS, null, DEFAULT_MAX_COMMAND_LENGTH, List.of(), DEFAULT_REQUEST_TIMEOUT);

    /** Validates every value; a bad one gives {@link IllegalArgumentException} naming it. */
    public Limits {
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
        allow = List.copyOf(allow);
    }

    /** {@return the defaults: 1024 connections, no idle timeout, 1024-byte commands, every client allowed, 30 s per request} */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another {@code maxConnections}.
     *
     * @param value how many requests may be in flight at once (default 1024)
     * @return the copy; this one is unchanged
     */
    public Limits withMaxConnections(int value) {
        return new Limits(value, idleTimeout, maxCommandLength, allow, requestTimeout);
    }

    /**
     * A copy with another {@code idleTimeout}.
     *
     * @param value stream servers: a connection whose handler has waited this long without any input or output is closed (against slowloris); null never closes one
     * @return the copy; this one is unchanged
     */
    public Limits withIdleTimeout(@Nullable Duration value) {
        return new Limits(maxConnections, value, maxCommandLength, allow, requestTimeout);
    }

    /**
     * A copy with another {@code maxCommandLength}.
     *
     * @param value the longest command a protocol handler accepts, in bytes (default 1024, the seed's single read)
     * @return the copy; this one is unchanged
     */
    public Limits withMaxCommandLength(int value) {
        return new Limits(maxConnections, idleTimeout, value, allow, requestTimeout);
    }

    /**
     * A copy with another {@code allow}.
     *
     * @param value the client addresses that may connect; empty allows everyone
     * @return the copy; this one is unchanged
     */
    public Limits withAllow(List<Cidr> value) {
        return new Limits(maxConnections, idleTimeout, maxCommandLength, value, requestTimeout);
    }

    /**
     * A copy with another {@code requestTimeout}.
     *
     * @param value how long a protocol handler gives a request to arrive whole, however its bytes trickle (against slowloris, which the idle timeout misses: any byte is progress); null for no limit
     * @return the copy; this one is unchanged
     */
    public Limits withRequestTimeout(@Nullable Duration value) {
        return new Limits(maxConnections, idleTimeout, maxCommandLength, allow, value);
    }

    /**
     * {@code config} with the limits a forked child enforces itself ({@link #idleTimeout()},
     * {@link #maxCommandLength()}, {@link #requestTimeout()}) added as reserved entries: the handler configuration is what
     * crosses to a child. The others are the parent's business.
     *
     * @param config the handler configuration the server was given
     * @return {@code config} and the reserved entries
     */
    public HandlerConfig carriedIn(HandlerConfig config) {
        HandlerConfig carried = config.with(MAX_COMMAND_LENGTH_KEY, Integer.toString(maxCommandLength))
                .with(REQUEST_TIMEOUT_KEY, requestTimeout == null ? NONE : requestTimeout.toString());
        return idleTimeout == null ? carried : carried.with(IDLE_TIMEOUT_KEY, idleTimeout.toString());
    }

    /**
     * The limits a forked child was given by {@link #carriedIn}; the defaults for what is absent.
     *
     * @param config the handler configuration the child received
     * @return the limits the child enforces
     * @throws IllegalArgumentException when a reserved entry is malformed, naming it
     */
    public static Limits carriedBy(HandlerConfig config) {
        Limits limits = defaults();
        String command = config.get(MAX_COMMAND_LENGTH_KEY);
        String idle = config.get(IDLE_TIMEOUT_KEY);
        String request = config.get(REQUEST_TIMEOUT_KEY);
        try {
            if (command != null) {
                limits = limits.withMaxCommandLength(Integer.parseInt(command));
            }
            if (idle != null) {
                limits = limits.withIdleTimeout(Duration.parse(idle));
            }
            if (request != null) {
                limits = limits.withRequestTimeout(request.equals(NONE) ? null : Duration.parse(request));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed limits in the handler configuration: "
                    + MAX_COMMAND_LENGTH_KEY + "=" + command + ", " + IDLE_TIMEOUT_KEY + "=" + idle
                    + ", " + REQUEST_TIMEOUT_KEY + "=" + request, e);
        }
        return limits;
    }

    /**
     * Strips the reserved entries again, in the child.
     *
     * @param config the handler configuration the child received
     * @return {@code config} without the entries {@link #carriedIn} added: what the handler was configured with
     */
    public static HandlerConfig withoutCarried(HandlerConfig config) {
        java.util.Map<String, String> values = new java.util.TreeMap<>(config.values());
        values.remove(MAX_COMMAND_LENGTH_KEY);
        values.remove(IDLE_TIMEOUT_KEY);
        values.remove(REQUEST_TIMEOUT_KEY);
        return new HandlerConfig(values);
    }

    /**
     * Whether a client at {@code client} may be served: always when the allow-list is empty or
     * the client is not an IP address (a Unix socket peer); otherwise when a block contains it.
     *
     * @param client the client's address
     * @return whether it may be served
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
