package dev.socketserver.fork;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Limits;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The limits a forked child enforces itself ({@link Limits#idleTimeout()},
 * {@link Limits#maxCommandLength()}, {@link Limits#requestTimeout()}), carried to it as reserved
 * entries of the handler configuration: the configuration is what crosses to a child. The other
 * limits are the parent's business.
 */
public final class CarriedLimits {

    private static final String IDLE_TIMEOUT_KEY = "socketserver.idleTimeout";
    private static final String MAX_COMMAND_LENGTH_KEY = "socketserver.maxCommandLength";
    private static final String REQUEST_TIMEOUT_KEY = "socketserver.requestTimeout";
    /** The carried value of "no request timeout" (a carried entry that is absent means the default). */
    private static final String NONE = "none";

    private CarriedLimits() {
    }

    /** {@code config} with {@code limits}' carried entries added. */
    public static HandlerConfig carriedIn(Limits limits, HandlerConfig config) {
        Duration request = limits.requestTimeout();
        Duration idle = limits.idleTimeout();
        HandlerConfig carried = config.with(MAX_COMMAND_LENGTH_KEY, Integer.toString(limits.maxCommandLength()))
                .with(REQUEST_TIMEOUT_KEY, request == null ? NONE : request.toString());
        return idle == null ? carried : carried.with(IDLE_TIMEOUT_KEY, idle.toString());
    }

    /**
     * The limits a forked child was given by {@link #carriedIn}; the defaults for what is absent.
     *
     * @throws IllegalArgumentException when a reserved entry is malformed, naming it
     */
    public static Limits carriedBy(HandlerConfig config) {
        Limits.Builder limits = Limits.builder();
        String command = config.get(MAX_COMMAND_LENGTH_KEY);
        String idle = config.get(IDLE_TIMEOUT_KEY);
        String request = config.get(REQUEST_TIMEOUT_KEY);
        try {
            if (command != null) {
                limits.maxCommandLength(Integer.parseInt(command));
            }
            if (idle != null) {
                limits.idleTimeout(Duration.parse(idle));
            }
            if (request != null) {
                limits.requestTimeout(request.equals(NONE) ? null : Duration.parse(request));
            }
            return limits.build(); // validates: a parsable but out-of-range value is malformed too
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed limits in the handler configuration: "
                    + MAX_COMMAND_LENGTH_KEY + "=" + command + ", " + IDLE_TIMEOUT_KEY + "=" + idle
                    + ", " + REQUEST_TIMEOUT_KEY + "=" + request, e);
        }
    }

    /** {@code config} without the entries {@link #carriedIn} added: what the handler was configured with. */
    public static HandlerConfig withoutCarried(HandlerConfig config) {
        Map<String, String> values = new TreeMap<>(config.values());
        values.remove(MAX_COMMAND_LENGTH_KEY);
        values.remove(IDLE_TIMEOUT_KEY);
        values.remove(REQUEST_TIMEOUT_KEY);
        return new HandlerConfig(values);
    }
}
