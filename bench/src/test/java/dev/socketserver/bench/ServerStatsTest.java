package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerStatsTest {

    @Test
    void aStatsLineRoundTrips() {
        ServerStats stats = new ServerStats(10, 5, 1 << 30, 12);
        assertEquals(stats, ServerStats.parse(stats.toLine()));
    }

    @Test
    void malformedLinesAreRefusedWithTheLine() {
        assertEquals("not a stats line: 'port 1'",
                assertThrows(IllegalArgumentException.class, () -> ServerStats.parse("port 1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerStats.parse("stats heapUsed=1"));
        assertThrows(IllegalArgumentException.class, () -> ServerStats.parse("stats heapUsed"));
    }
}
