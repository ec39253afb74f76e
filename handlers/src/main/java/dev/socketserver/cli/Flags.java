package dev.socketserver.cli;

import dev.socketserver.Mode;
import dev.socketserver.internal.SocketFileMode;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The enumerated flags ({@code --mode}, {@code --transport}, {@code --handler}): parsing by their
 * lower-case names, and the picocli converters and candidate lists built on it. Modes are parsed
 * by {@link Mode#parse}, so a mode added to the enum (forked) is accepted and listed in the help
 * without a change here.
 */
final class Flags {

    private Flags() {
    }

    /** The value whose flag is {@code text} (case and surrounding blanks ignored). */
    static <E> E parse(String what, E[] values, Function<E, String> flag, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> flag.apply(v).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of "
                        + Arrays.stream(values).map(flag).collect(Collectors.joining(", "))));
    }

    private static <E> E convert(Supplier<E> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage()); // picocli shows this message alone
        }
    }

    private static <E> Iterator<String> names(E[] values, Function<E, String> flag) {
        return Arrays.stream(values).map(flag).iterator();
    }

    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return Flags.convert(() -> Mode.parse(value));
        }
    }

    static final class ModeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(Mode.values(), Mode::flag);
        }
    }

    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return Flags.convert(() -> Transport.parse(value));
        }
    }

    static final class TransportNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(Transport.values(), Transport::flag);
        }
    }

    /** {@code --socket-mode OCTAL}: a file mode such as 660. */
    static final class SocketModeConverter implements ITypeConverter<Set<PosixFilePermission>> {
        @Override
        public Set<PosixFilePermission> convert(String value) {
            return Flags.convert(() -> SocketFileMode.parseOctal(value));
        }
    }

    static final class HandlerConverter implements ITypeConverter<HandlerKind> {
        @Override
        public HandlerKind convert(String value) {
            return Flags.convert(() -> HandlerKind.parse(value));
        }
    }

    static final class HandlerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(HandlerKind.values(), HandlerKind::flag);
        }
    }
}
