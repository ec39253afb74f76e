package dev.socketserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jetbrains.annotations.Nullable;

/**
 * A handler's configuration: plain string keys and values, so it can cross to a child JVM
 * (forked mode) as command-line arguments and reach the handler there unchanged.
 *
 * <pre>{@code
 * var options = ServerOptions.builder().handlerConfig(HandlerConfig.of("root", "/srv/files")).build();
 * // inside the handler:
 * Path root = Path.of(config().require("root"));
 * }</pre>
 *
 * @param values the entries, key to value
 */
public record HandlerConfig(Map<String, String> values) {

    private static final HandlerConfig EMPTY = new HandlerConfig(Map.of());

    /** Validates that no key is empty or contains '='; copies the map. */
    public HandlerConfig {
        for (String key : values.keySet()) {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid handler config key '" + key + "'");
            }
        }
        values = Map.copyOf(values);
    }

    /** {@return the configuration without entries, the default} */
    public static HandlerConfig empty() {
        return EMPTY;
    }

    /**
     * Builds from alternating keys and values: {@code of("root", "/srv", "verbose", "true")}.
     *
     * @param keysAndValues key, value, key, value, …
     * @return the configuration with those entries
     * @throws IllegalArgumentException when the count is odd or a key is empty or contains '='
     */
    public static HandlerConfig of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("HandlerConfig.of needs key/value pairs, got "
                    + keysAndValues.length + " strings");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new HandlerConfig(map);
    }

    /**
     * Looks up an optional entry.
     *
     * @param key the entry's name
     * @return the value for {@code key}, or null when absent
     */
    public @Nullable String get(String key) {
        return values.get(key);
    }

    /**
     * Looks up an entry with a default.
     *
     * @param key the entry's name
     * @param fallback what to return when the entry is absent
     * @return the value for {@code key}, or {@code fallback} when absent
     */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * Looks up an entry the handler cannot do without.
     *
     * @param key the entry's name
     * @return the value for {@code key}
     * @throws IllegalStateException when the key is absent, naming it
     */
    public String require(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("handler config has no '" + key + "' (have " + values.keySet() + ")");
        }
        return value;
    }

    /**
     * A copy with one more entry.
     *
     * @param key the entry's name: not empty, without '='
     * @param value its value; replaces an existing one
     * @return the new configuration; this one is unchanged
     */
    public HandlerConfig with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return new HandlerConfig(map);
    }

    /** {@return the entries as {@code key=value} strings, sorted: the form a child JVM receives} */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    /**
     * The inverse of {@link #toArgs()}.
     *
     * @param args {@code key=value} strings, as a child JVM receives them
     * @return the configuration they describe
     */
    public static HandlerConfig fromArgs(List<String> args) {
        Map<String, String> map = new TreeMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("handler config entry '" + arg + "' is not key=value");
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new HandlerConfig(map);
    }
}
