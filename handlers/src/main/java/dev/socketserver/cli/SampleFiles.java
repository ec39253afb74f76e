package dev.socketserver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.tinylog.Logger;

/**
 * The directory {@code serve} uses when no {@code --root} is given: {@code ./sample-files},
 * created on first use with a few files to download. Built under a temporary name and renamed,
 * so an interrupted first run never leaves a half-made directory behind.
 */
final class SampleFiles {

    static final Path DEFAULT_DIR = Path.of("sample-files");

    /** The files it holds, by name relative to the directory. */
    static final List<String> NAMES = List.of("hello.txt", "docs/protocol.txt", "random-1MiB.bin");

    private static final int RANDOM_BYTES = 1 << 20;
    private static final long RANDOM_SEED = 20_260_101L; // fixed: the same bytes (and MD5) everywhere

    private SampleFiles() {
    }

    /**
     * Creates {@code dir} with the sample files unless it exists.
     *
     * @return whether it was created
     */
    static boolean ensure(Path dir) throws IOException {
        if (Files.exists(dir)) {
            return false;
        }
        Path absolute = dir.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".");
        try {
            Files.writeString(staging.resolve("hello.txt"), """
                    Hello from socketserver for Java!
                    You downloaded this with the file-download protocol: get NAME, size, ack, body, MD5.
                    """, StandardCharsets.UTF_8);
            Files.createDirectories(staging.resolve("docs"));
            Files.writeString(staging.resolve("docs/protocol.txt"), """
                    The file-download protocol (the Python tutorial's, wire-compatible):
                    1. client: get NAME        (one write; a trailing newline is allowed)
                    2. server: SIZE            (ASCII decimal), or ERR <reason> and a newline
                    3. client: any bytes       (the acknowledgement)
                    4. server: SIZE bytes, then the MD5 as 32 lowercase hex characters
                    5. the connection stays open for the next command
                    """, StandardCharsets.UTF_8);
            byte[] random = new byte[RANDOM_BYTES];
            new SplittableRandom(RANDOM_SEED).nextBytes(random);
            Files.write(staging.resolve("random-1MiB.bin"), random);
            Files.move(staging, absolute);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        return true;
    }

    /** Removes {@code dir} and what is in it; a failure is logged, as there is nothing else to do. */
    static void remove(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            Logger.warn(e, "cannot remove {}", dir.toAbsolutePath());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
