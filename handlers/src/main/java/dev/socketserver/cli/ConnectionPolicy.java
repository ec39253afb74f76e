package dev.socketserver.cli;

import dev.socketserver.EnumFlags;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/** The {@code load --connection} flag: one connection per client, kept, or a new one per request. */
enum ConnectionPolicy {
    KEPT,
    NEW;

    String flag() {
        return EnumFlags.flag(this);
    }

    static final class Converter implements ITypeConverter<ConnectionPolicy> {
        @Override
        public ConnectionPolicy convert(String value) {
            return Flags.convert(() -> EnumFlags.parse(ConnectionPolicy.class, value));
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EnumFlags.flags(ConnectionPolicy.class).iterator();
        }
    }
}
