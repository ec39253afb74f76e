package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one enum parser behind --mode, --transport, --handler and the benchmarks' kinds. */
class EnumFlagsTest {

    enum ConnectionPolicy { KEPT, UNIX_DGRAM }

    @Test
    void wordsAreLowerCaseWithDashes() {
        assertEquals("unix-dgram", EnumFlags.flag(ConnectionPolicy.UNIX_DGRAM));
        assertEquals(List.of("kept", "unix-dgram"), EnumFlags.flags(ConnectionPolicy.class));
        assertEquals(ConnectionPolicy.UNIX_DGRAM, EnumFlags.parse(ConnectionPolicy.class, " Unix-Dgram "));
        assertEquals(Mode.FORKED, EnumFlags.parse(Mode.class, "forked"));
    }

    @Test
    void anUnknownWordNamesItselfTheKindAndTheChoices() {
        var error = assertThrows(IllegalArgumentException.class, () -> EnumFlags.parse(ConnectionPolicy.class, "pooled"));
        assertEquals("unknown connection policy 'pooled'; expected one of kept, unix-dgram", error.getMessage());
        var mode = assertThrows(IllegalArgumentException.class, () -> Mode.parse("UNIX_DGRAM"));
        assertEquals("unknown mode 'UNIX_DGRAM'; expected one of sync, threaded, virtual, forked", mode.getMessage());
    }
}
