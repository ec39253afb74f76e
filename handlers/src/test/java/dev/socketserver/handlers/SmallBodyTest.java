package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small body and its digest in one reused buffer: only this reply's bytes, and the buffer always back. */
class SmallBodyTest {

    private static final String DIGEST = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aShortBodyAfterAFullOneCarriesOnlyItsOwnBytes() throws IOException {
        byte[] large = SampleRoot.randomBytes(SmallBody.MAX_BYTES, 1);
        byte[] small = "hello".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(concat(large, DIGEST), reply(Files.write(dir.resolve("large"), large), large.length));
        assertArrayEquals(concat(small, DIGEST), reply(Files.write(dir.resolve("small"), small), small.length));
    }

    @Test
    void aFileThatShrankGivesNoReplyAndItsBufferBack() throws IOException {
        Path file = Files.write(dir.resolve("shrank"), new byte[100]);
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer held = SmallBody.withDigest(channel, 100, DIGEST);
            assertNotNull(held);
            try {
                assertNull(SmallBody.withDigest(channel, 200, DIGEST));
                assertEquals(SmallBody.BUFFERS.made() - 1, SmallBody.BUFFERS.free(),
                        "every buffer but the one held is free: the one of the reply not made was given back");
            } finally {
                SmallBody.release(held);
            }
        }
    }

    @Test
    void aBodyPastTheLimitOrAnotherDigestIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[1]);
        try (FileChannel channel = FileChannel.open(file)) {
            assertThrows(IllegalArgumentException.class, () -> SmallBody.withDigest(channel, SmallBody.MAX_BYTES + 1, DIGEST));
            assertThrows(IllegalArgumentException.class, () -> SmallBody.withDigest(channel, 1, DIGEST + "00"));
        }
    }

    private static byte[] reply(Path file, int size) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer reply = SmallBody.withDigest(channel, size, DIGEST);
            assertNotNull(reply);
            byte[] bytes = new byte[reply.remaining()];
            reply.get(bytes);
            SmallBody.release(reply);
            return bytes;
        }
    }

    private static byte[] concat(byte[] body, String digest) {
        byte[] all = new byte[body.length + digest.length()];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(digest.getBytes(StandardCharsets.US_ASCII), 0, all, body.length, digest.length());
        return all;
    }
}
