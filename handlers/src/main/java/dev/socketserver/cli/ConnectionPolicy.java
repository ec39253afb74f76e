package dev.socketserver.cli;

import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code load --connection} flag: one connection per client, kept, or a new one per request. */
enum ConnectionPolicy {
    KEPT("kept"),
    NEW("new");

    private final String flag;

    ConnectionPolicy(String flag) {
        this.flag = flag;
    }

    String flag() {
        return flag;
    }

    static final class Converter implements ITypeConverter<ConnectionPolicy> {
        @Override
        public ConnectionPolicy convert(String value) {
            try {
                return Flags.parse("connection policy", values(), ConnectionPolicy::flag, value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage()); // picocli shows this message alone
            }
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ConnectionPolicy::flag).iterator();
        }
    }
}
