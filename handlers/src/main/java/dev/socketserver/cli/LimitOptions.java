package dev.socketserver.cli;

import dev.socketserver.Cidr;
import dev.socketserver.Limits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The hardening flags of {@code serve} (mixed in): connection limit, idle and request timeouts, command length,
 * allow-list, listen backlog and the grace period of a stop. Values are checked by {@link Limits} and {@link Cidr},
 * whose messages name the bad value.
 */
final class LimitOptions {

    /** The idle timeout of {@code serve}: generous for people, short for a slowloris attacker. */
    static final String DEFAULT_IDLE_SECONDS = "300";
    /** The request timeout of {@code serve}: {@code Limits.DEFAULT_REQUEST_TIMEOUT}. */
    static final String DEFAULT_REQUEST_SECONDS = "30";

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + Limits.DEFAULT_MAX_CONNECTIONS,
            converter = PositiveConverter.class,
            description = "Requests served at once; more wait in the listen backlog (default: ${DEFAULT-VALUE}).")
    int maxConnections = Limits.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_IDLE_SECONDS,
            converter = SecondsConverter.class,
            description = "Close a connection that sends and receives nothing for this long; 0 never does"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout = Duration.ofSeconds(Long.parseLong(DEFAULT_IDLE_SECONDS));

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_REQUEST_SECONDS,
            converter = SecondsConverter.class,
            description = "Close a connection whose command (from its first byte) or acknowledgement does not arrive"
                    + " whole within this, however the bytes trickle; 0 never does (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout = Duration.ofSeconds(Long.parseLong(DEFAULT_REQUEST_SECONDS));

    @Option(names = "--max-command-length", paramLabel = "BYTES", defaultValue = "" + Limits.DEFAULT_MAX_COMMAND_LENGTH,
            converter = PositiveConverter.class,
            description = "Longest command the file handler accepts (default: ${DEFAULT-VALUE}, as the original Python server).")
    int maxCommandLength = Limits.DEFAULT_MAX_COMMAND_LENGTH;

    @Option(names = "--allow", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Serve only clients in this block, e.g. 10.0.0.0/8 or ::1/128; repeatable"
                    + " (default: everyone; unix sockets are guarded by the file's permissions).")
    List<Cidr> allow = new ArrayList<>();

    @Option(names = "--backlog", paramLabel = "N",
            description = "Connections the kernel queues while the server is busy accepting (default: the system's"
                    + " somaxconn, " + ListenBacklog.FALLBACK + " if unknown).")
    @Nullable Integer backlog;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10", converter = SecondsConverter.class,
            description = "On SIGTERM or Ctrl-C, let requests in flight finish for this long, then cut them"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration grace = Duration.ofSeconds(10);

    /**
     * The limits these flags ask for.
     *
     * @throws IllegalArgumentException naming a value out of range
     */
    Limits limits() {
        return Limits.builder()
                .maxConnections(maxConnections)
                .idleTimeout(idleTimeout.isZero() ? null : idleTimeout)
                .requestTimeout(requestTimeout.isZero() ? null : requestTimeout)
                .maxCommandLength(maxCommandLength)
                .allow(allow)
                .build();
    }

    /**
     * The listen backlog: {@code --backlog}, or the system's {@code somaxconn}.
     *
     * @throws IllegalArgumentException naming the flag when the value is below 1
     */
    int backlog() {
        if (backlog == null) {
            return ListenBacklog.systemDefault();
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("--backlog must be >= 1, got " + backlog);
        }
        return backlog;
    }

    /** Non-negative seconds, fractions allowed ({@code 0.5}). */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            @Nullable BigDecimal seconds = null;
            try {
                seconds = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                // reported below, with the value
            }
            if (seconds == null || seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds >= 0");
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValue());
        }
    }

    /** A whole number >= 1, checked here so that the message names the flag, not the {@link Limits} field. */
    static final class PositiveConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= 1) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below, with the value
            }
            throw new TypeConversionException("'" + value + "' is not a whole number >= 1");
        }
    }

    static final class CidrConverter implements ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            try {
                return Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
