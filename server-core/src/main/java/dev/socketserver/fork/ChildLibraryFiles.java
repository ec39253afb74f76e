package dev.socketserver.fork;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jetbrains.annotations.Nullable;

/**
 * The native libraries a server's children load, read from the children's class path and written
 * once into the server's private directory ({@link JunixLibraryCopy}, {@link HandOffLibrary}).
 */
final class ChildLibraryFiles {

    private ChildLibraryFiles() {
    }

    /** A class loader over the children's class path alone, to read their resources; the caller closes it. */
    static URLClassLoader loader(String classPath) {
        return new URLClassLoader(urls(classPath), null);
    }

    /** {@code library} as {@code directory/name}, written unless a file with the same bytes is there; null when the directory is not private. */
    static @Nullable Path write(Path directory, String name, byte[] library) throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!ForkedAotCache.isPrivate(directory)) {
            return null;
        }
        Path target = directory.resolve(name);
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), library)) {
            return target;
        }
        // A private name, moved into place when complete: a child never loads a half-written library. It
        // names this server's pid, as a training run's cache does, so that AotCacheLeftovers removes it
        // once stale if the server is killed while writing.
        Path partial = AotCacheLeftovers.partialOf(target);
        try {
            Files.write(partial, library, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static URL[] urls(String classPath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** The first 12 hex digits of {@code bytes}' SHA-256: a file name's part that changes with its content. */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
