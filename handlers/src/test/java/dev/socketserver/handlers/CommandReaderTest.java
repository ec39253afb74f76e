package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandReaderTest {

    /** Returns one given chunk per read, like a socket that received separate writes. */
    static final class Reads extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();

        Reads(String... chunks) {
            for (String chunk : chunks) {
                this.chunks.add(chunk.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader must read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] chunk = chunks.poll();
            if (chunk == null) {
                return -1;
            }
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            if (n < chunk.length) {
                chunks.addFirst(java.util.Arrays.copyOfRange(chunk, n, chunk.length));
            }
            return n;
        }
    }

    private static void assertCommand(String expected, byte[] actual) {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), actual, () -> new String(actual, StandardCharsets.UTF_8));
    }

    @Test
    void oneReadIsOneCommandAsInTheSeed() throws Exception {
        CommandReader reader = new CommandReader(new Reads("get a", "get b"));
        assertCommand("get a", reader.nextCommand());
        assertCommand("get b", reader.nextCommand());
        assertNull(reader.nextCommand());
    }

    @Test
    void aNewlineEndsACommandAndTheRestIsKept() throws Exception {
        CommandReader reader = new CommandReader(new Reads("get a\nget b\nget c"));
        assertCommand("get a", reader.nextCommand());
        assertCommand("get b", reader.nextCommand());
        assertCommand("get c", reader.nextCommand());
        assertNull(reader.nextCommand());
    }

    @Test
    void theAcknowledgementIsOneReadOrOneLine() throws Exception {
        CommandReader seed = new CommandReader(new Reads("get a", "read to recv file", "get b"));
        assertCommand("get a", seed.nextCommand());
        assertTrue(seed.awaitAcknowledgement());
        assertCommand("get b", seed.nextCommand());

        CommandReader pipelined = new CommandReader(new Reads("get a\nok\nget b\n"));
        assertCommand("get a", pipelined.nextCommand());
        assertTrue(pipelined.awaitAcknowledgement());
        assertCommand("get b", pipelined.nextCommand());
        assertFalse(pipelined.awaitAcknowledgement());
    }

    @Test
    void overLongCommandIsRefusedAndItsLineSkipped() throws Exception {
        String tooLong = "get " + "x".repeat(3000) + "\n";
        CommandReader reader = new CommandReader(new Reads(tooLong.substring(0, 1024), tooLong.substring(1024, 2000),
                tooLong.substring(2000) + "get ok\n"));
        RefusedException refused = assertThrows(RefusedException.class, reader::nextCommand);
        assertTrue(refused.reason().startsWith("command too long"));
        assertCommand("get ok", reader.nextCommand());
        assertNull(reader.nextCommand());
    }

    @Test
    void aCommandOfExactly1024BytesWithItsNewlineFits() throws Exception {
        String line = "get " + "y".repeat(1019) + "\n";
        CommandReader reader = new CommandReader(new Reads(line));
        assertCommand(line.strip(), reader.nextCommand());
    }

    @Test
    void endOfStreamAnywhereIsNull() throws Exception {
        assertNull(new CommandReader(new Reads()).nextCommand());
        assertFalse(new CommandReader(new Reads()).awaitAcknowledgement());
        CommandReader reader = new CommandReader(new Reads(List.of("get " + "z".repeat(1020)).getFirst()));
        assertThrows(RefusedException.class, reader::nextCommand);
        assertNull(reader.nextCommand()); // the skipped line never ended
    }
}
