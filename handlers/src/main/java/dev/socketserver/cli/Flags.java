package dev.socketserver.cli;

import dev.socketserver.EnumFlags;
import dev.socketserver.Mode;
import dev.socketserver.SocketFileMode;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The enumerated flags ({@code --mode}, {@code --transport}, {@code --handler}): the picocli
 * converters and candidate lists, built on {@link EnumFlags}, so a constant added to an enum is
 * accepted and listed in the help without a change here.
 */
final class Flags {

    private Flags() {
    }

    /** Runs a parser, turning its error into the one picocli shows alone. */
    static <E> E convert(Supplier<E> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage()); // picocli shows this message alone
        }
    }

    private static <E extends Enum<E>> Iterator<String> names(Class<E> type) {
        return EnumFlags.flags(type).iterator();
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
            return names(Mode.class);
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
            return names(Transport.class);
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
            return names(HandlerKind.class);
        }
    }
}
