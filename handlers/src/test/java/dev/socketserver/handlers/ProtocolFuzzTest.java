package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Jazzer fuzz tests of what a client controls: the command parser, the command reader and the
 * path resolution. {@code make test} runs them in regression mode (the seeds under
 * {@code src/test/resources/.../ProtocolFuzzTestInputs/} and an empty input); {@code make fuzz}
 * fuzzes each for a while ({@code JAZZER_FUZZ=1}).
 *
 * <p>The properties: parsing never fails except with a refusal; a parsed name is non-empty and
 * has no surrounding blanks; the reader never returns a command over the limit; and whatever the
 * name, resolution returns a regular file inside the root or refuses.
 */
class ProtocolFuzzTest {

    /** A root with files, a nested directory and links that lead out of it, and a secret outside. */
    private static final ServedRoot ROOT;
    private static final Object OUTSIDE_SECRET;
    /** Every regular file inside the root, by identity: what an open may lead to. */
    private static final Set<Object> INSIDE;

    static {
        try {
            Path base = Files.createTempDirectory("protocol-fuzz");
            Path outside = Files.createDirectories(base.resolve("outside"));
            Path secret = Files.writeString(outside.resolve("secret.txt"), "secret").toRealPath();
            OUTSIDE_SECRET = FileVersion.of(secret).identity();
            Path root = SampleRoot.create(Files.createDirectories(base.resolve("root")));
            Files.createSymbolicLink(root.resolve("link-out"), secret);
            Files.createSymbolicLink(root.resolve("dir-out"), outside);
            Files.createSymbolicLink(root.resolve("sub/up"), base);
            Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
            ROOT = ServedRoot.open(SafePaths.realRoot(root)); // open for the JVM's life
            try (Stream<Path> files = Files.walk(root)) {
                INSIDE = files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                        .map(ProtocolFuzzTest::identity).collect(Collectors.toSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void commandParsing(byte[] data) {
        try {
            Command command = Command.parse(data);
            assertFalse(command.name().isEmpty());
            assertEquals(command.name().strip(), command.name());
            assertTrue(data.length <= FileProtocol.MAX_COMMAND_BYTES);
            assertTrue(new String(data, StandardCharsets.UTF_8).strip().startsWith(FileProtocol.GET));
        } catch (RefusedException refused) {
            assertFalse(refused.reason().isBlank());
            assertFalse(refused.reason().contains("\n"), "a refusal is one line");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void commandReading(FuzzedDataProvider data) throws IOException {
        int limit = data.consumeInt(8, 2048);
        byte[] stream = data.consumeRemainingAsBytes();
        CommandReader reader = new CommandReader(new ChunkedInput(stream, limit), limit);
        int guard = stream.length + 2; // each command consumes at least one byte, or the reader is done
        for (int i = 0; i < guard; i++) {
            try {
                byte[] command = reader.nextCommand();
                if (command == null) {
                    return;
                }
                assertTrue(command.length <= limit, "a command of " + command.length + " bytes, limit " + limit);
            } catch (RefusedException refused) {
                assertTrue(refused.reason().startsWith("command too long"), refused.reason());
            }
        }
        throw new AssertionError("the reader never reached the end of " + stream.length + " bytes");
    }

    @FuzzTest(maxDuration = "30s")
    void pathResolution(FuzzedDataProvider data) throws IOException {
        String name = data.consumeRemainingAsString();
        try (OpenedFile opened = ROOT.open(name)) {
            Object identity = opened.version().identity();
            assertTrue(INSIDE.contains(identity), name + " opened a file that is not inside the root");
            assertFalse(identity.equals(OUTSIDE_SECRET));
            assertTrue(opened.version().regularFile());
        } catch (RefusedException refused) {
            assertFalse(refused.reason().isBlank());
            assertFalse(refused.reason().chars().anyMatch(Character::isISOControl), "a refusal is printable");
        }
    }

    private static Object identity(Path file) {
        try {
            return FileVersion.of(file).identity();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands out its bytes in reads of varying size, as a socket does. */
    private static final class ChunkedInput extends InputStream {
        private final InputStream bytes;
        private int turn;

        ChunkedInput(byte[] bytes, int seed) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.turn = seed;
        }

        @Override
        public int read() throws IOException {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            turn = turn * 31 + 7;
            int chunk = 1 + Math.floorMod(turn, Math.max(1, len));
            return bytes.read(b, off, Math.min(len, chunk));
        }
    }
}
