package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** A served directory for tests: a few files of telling sizes, and an MD5 helper. */
public final class SampleRoot {

    public static final String SMALL = "small.txt";
    public static final String RANDOM = "random.bin";
    public static final String EMPTY = "empty.txt";
    public static final String NESTED = "sub/nested.txt";

    private SampleRoot() {
    }

    /** Fills {@code root}: a short text, 300 KiB of random bytes (not a multiple of 1024), an empty file, a nested file. */
    public static Path create(Path root) throws IOException {
        Files.writeString(root.resolve(SMALL), "hello, seed\n", StandardCharsets.UTF_8);
        Files.write(root.resolve(RANDOM), randomBytes(300 * 1024 + 7, 1));
        Files.write(root.resolve(EMPTY), new byte[0]);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve(NESTED), "nested\n", StandardCharsets.UTF_8);
        return root;
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    public static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(FileBody.md5().digest(bytes));
    }

    public static String md5(Path file) throws IOException {
        return md5(Files.readAllBytes(file));
    }
}
