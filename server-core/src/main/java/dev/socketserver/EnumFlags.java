package dev.socketserver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum constants as command-line words: the constant's name in lower case with {@code _} as
 * {@code -} ({@code UNIX_DGRAM} is {@code unix-dgram}). The one parser for {@link Mode}, the
 * command line's transports and handlers, and the benchmarks' server kinds.
 *
 * <pre>{@code
 * Mode mode = EnumFlags.parse(Mode.class, "virtual");   // Mode.VIRTUAL
 * EnumFlags.parse(Mode.class, "bogus");
 * // IllegalArgumentException: unknown mode 'bogus'; expected one of sync, threaded, virtual, forked
 * }</pre>
 */
public final class EnumFlags {

    private EnumFlags() {
    }

    /**
     * The word for {@code value}, e.g. {@code virtual}.
     *
     * @param value the constant to name
     * @return its name in lower case, underscores turned to hyphens
     */
    public static String flag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Every word of {@code type}, in declaration order.
     *
     * @param <E> the enum type
     * @param type the enum's class
     * @return the word of each of its constants, as {@link #flag} gives it
     */
    public static <E extends Enum<E>> List<String> flags(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumFlags::flag).toList();
    }

    /**
     * The constant of {@code type} whose word is {@code text}, case and surrounding blanks ignored.
     *
     * @param <E> the enum type
     * @param type the enum's class
     * @param text the word to look up, as a user typed it
     * @return the constant whose {@link #flag} is {@code text}
     * @throws IllegalArgumentException naming the value and every accepted one, e.g. {@code unknown
     *     connection policy 'pooled'; expected one of kept, new} (the kind is the type's name in words)
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (flag(value).equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + words(type.getSimpleName()) + " '" + text + "'; expected one of "
                + String.join(", ", flags(type)));
    }

    /** {@code ConnectionPolicy} as {@code connection policy}. */
    private static String words(String camelCase) {
        return Arrays.stream(camelCase.split("(?<=[a-z0-9])(?=[A-Z])"))
                .map(word -> word.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }
}
