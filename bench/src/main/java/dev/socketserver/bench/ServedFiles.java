package dev.socketserver.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * A temporary root directory holding one file of pseudo-random bytes per {@link FileSize}, with
 * each file's MD5 so that clients can check what they receive. The bytes come from a fixed seed,
 * so every run serves the same files; random bytes have a newline every 256 bytes on average,
 * which is what the seed's line-by-line loop sees.
 */
public final class ServedFiles implements AutoCloseable {

    private static final long SEED = 0x5eed_f11eL;
    private static final int CHUNK = 1 << 20;

    private final Path root;
    private final Map<FileSize, String> md5 = new EnumMap<>(FileSize.class);

    private ServedFiles(Path root) {
        this.root = root;
    }

    /** Creates the root and the files of the given sizes. */
    public static ServedFiles create(FileSize... sizes) throws IOException {
        ServedFiles files = new ServedFiles(Files.createTempDirectory("socketserver-bench-"));
        try {
            for (FileSize size : sizes) {
                files.md5.put(size, write(files.root.resolve(size.fileName()), size.bytes()));
            }
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    private static String write(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED ^ bytes);
        byte[] chunk = new byte[CHUNK];
        var digest = Md5.newDigest();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; ) {
                int n = (int) Math.min(CHUNK, bytes - written);
                random.nextBytes(chunk);
                digest.update(chunk, 0, n);
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                written += n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public Path root() {
        return root;
    }

    public Path path(FileSize size) {
        return root.resolve(size.fileName());
    }

    /**
     * The file's MD5 as 32 lower-case hex characters.
     *
     * @throws IllegalStateException when no file of that size was created
     */
    public String md5(FileSize size) {
        String value = md5.get(size);
        if (value == null) {
            throw new IllegalStateException("no " + size.label() + " file in " + root + " (have " + md5.keySet() + ")");
        }
        return value;
    }

    /** Deletes the files and the root. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ServedFiles::delete);
        } catch (IOException e) {
            Logger.warn(e, "could not list {} to delete it", root);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
