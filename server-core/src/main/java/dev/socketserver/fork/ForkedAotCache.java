package dev.socketserver.fork;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The children's AOT cache (JDK 25, JEP 514/515): made once by the first child, which runs as a
 * training run ({@code -XX:AOTCacheOutput}), then used by every later child ({@code -XX:AOTCache}).
 *
 * <p>The file's name is a digest of everything the cache depends on: the JDK, the JVM options,
 * and the class path with each entry's size and modification time. A rebuilt jar or another JDK
 * therefore gets a fresh cache instead of a stale one. Children that start while the cache is
 * being made, or after making it failed, start without one; a cache the JVM cannot use anyway is
 * ignored by it ({@code -XX:AOTMode=auto}, the default) and the JVM starts as usual.
 */
final class ForkedAotCache {

    private enum State { ABSENT, TRAINING, READY, OFF }

    /** How many caches the directory keeps: each is 12–15 MB, and every rebuilt jar or JDK makes one. */
    static final int KEPT_CACHES = 3;

    private static final String PREFIX = "socketserver-";
    private static final String SUFFIX = ".aot";

    /** The AOT options for one child; {@code trainingOutput} is set for the training run. */
    record Options(List<String> jvmOptions, @Nullable Path trainingOutput) {
        static final Options NONE = new Options(List.of(), null);
    }

    private final @Nullable Path file;
    private final AtomicReference<State> state;

    /**
     * @param directory where caches live; null turns the cache off
     * @param key the JVM command line without the AOT options (java, options, class path)
     */
    ForkedAotCache(@Nullable Path directory, List<String> key, String classPath) {
        String notJar = directory == null ? null : firstNonJar(classPath);
        if (notJar != null) {
            Logger.info("the AOT cache needs a class path of jars only ({} is not); forked children start without one",
                    notJar);
        }
        this.file = directory == null || notJar != null ? null
                : directory.resolve(PREFIX + digest(key, classPath) + SUFFIX);
        State initial = State.ABSENT;
        if (file == null) {
            initial = State.OFF;
        } else if (Files.exists(file.getParent()) && !isPrivate(file.getParent())) {
            initial = State.OFF;
        } else if (Files.isRegularFile(file)) {
            initial = State.READY;
            AotCacheLeftovers.removeStale(file.getParent()); // no training run will do it
        }
        this.state = new AtomicReference<>(initial);
    }

    /**
     * Whether {@code directory} is ours alone: a child JVM trusts its AOT cache as it trusts its
     * class path, so a cache others could have written is not used (logged once, here).
     */
    static boolean isPrivate(Path directory) {
        try {
            String me = System.getProperty("user.name");
            boolean mine = Files.getOwner(directory).getName().equals(me);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            if (mine && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                    && !permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return true;
            }
            Logger.warn("AOT cache directory {} is not private to {} (owner {}, {}); forked children start without a cache",
                    directory, me, Files.getOwner(directory).getName(), PosixFilePermissions.toString(permissions));
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            Logger.warn(e, "cannot check the AOT cache directory {}; forked children start without a cache", directory);
            return false;
        }
    }

    /**
     * The first class-path entry that is not a jar without directories in its manifest's
     * {@code Class-Path}, or null: the JVM refuses to make a cache from a class path with a
     * non-empty directory (and the training child would fail its exit over it).
     */
    static @Nullable String firstNonJar(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!Files.isRegularFile(jar) || !manifestJarsOnly(jar)) {
                return entry;
            }
        }
        return null;
    }

    private static boolean manifestJarsOnly(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String extra = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (extra == null) {
                return true;
            }
            URI base = jar.toAbsolutePath().getParent().toUri();
            for (String relative : extra.trim().split("\\s+")) {
                URI resolved = base.resolve(relative);
                if (!"file".equals(resolved.getScheme()) || Files.isDirectory(Path.of(resolved))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            Logger.debug(e, "cannot read the manifest of {}", jar);
            return false;
        }
    }

    /** The cache file, null when the cache is off. */
    @Nullable Path file() {
        return file;
    }

    /**
     * Whether every next child starts the same way: with the cache, or without one for good. False
     * while the cache is still to be made (the next child makes it) or being made.
     */
    boolean settled() {
        State now = state.get();
        return file == null || now == State.READY || now == State.OFF;
    }

    /** Whether a training child is making the cache now. */
    boolean training() {
        return state.get() == State.TRAINING;
    }

    /**
     * The options for the next child: use the cache, make it (the first child that may), or none.
     *
     * @param mayTrain whether this child may be the training run: with a warm pool only a waiting
     *     child may, so that the cache holds the pooled path (the hand-off, the warm-up); a child
     *     started for a request before the pool's first had claimed it trained a cache without them
     *     (13.9 MB against 15.6), and every pooled child from it cost about twice the CPU
     */
    Options nextChild(boolean mayTrain) {
        Path cache = file;
        if (cache == null) {
            return Options.NONE;
        }
        if (state.get() == State.READY) {
            return new Options(List.of("-XX:AOTCache=" + cache), null);
        }
        if (!mayTrain || !state.compareAndSet(State.ABSENT, State.TRAINING)) {
            return Options.NONE;
        }
        try {
            Files.createDirectories(cache.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            Logger.warn(e, "cannot create the AOT cache directory {}; children start without a cache", cache.getParent());
            state.set(State.OFF);
            return Options.NONE;
        }
        if (!isPrivate(cache.getParent())) {
            state.set(State.OFF);
            return Options.NONE;
        }
        AotCacheLeftovers.removeStale(cache.getParent()); // what killed training runs left behind
        // A private name, moved into place when complete: a half-written cache is never used.
        Path output = AotCacheLeftovers.partialOf(cache);
        Logger.info("first forked child makes the AOT cache {}", cache);
        return new Options(List.of("-XX:AOTCacheOutput=" + output), output);
    }

    /** Called when the training child has ended: installs its cache, or gives up on caching. */
    void trainingEnded(Path output) {
        Path cache = file;
        if (cache == null) {
            return;
        }
        try {
            if (!Files.isRegularFile(output)) {
                throw new IOException("the training run wrote no cache to " + output);
            }
            try {
                Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(output, cache, StandardCopyOption.REPLACE_EXISTING);
            }
            state.set(State.READY);
            Logger.info("AOT cache {} is ready; children start from it", cache);
            pruneOldCaches(cache, KEPT_CACHES);
        } catch (IOException e) {
            state.set(State.OFF);
            Logger.warn(e, "making the AOT cache failed; children start without one");
            deleteQuietly(output);
            deleteQuietly(output.resolveSibling(output.getFileName() + ".config")); // the JVM's leftover
        }
    }

    /** Called when the training child could not even start: the next child tries again. */
    void trainingAbandoned() {
        state.compareAndSet(State.TRAINING, State.ABSENT);
    }

    /**
     * Removes all but the newest {@code kept} caches next to {@code current} (which is kept):
     * those of older jars and JDKs are not used again. A server still running with one that is
     * removed loses nothing: its children's JVMs without the file start without a cache.
     */
    static void pruneOldCaches(Path current, int kept) {
        List<Path> older;
        try (Stream<Path> files = Files.list(current.getParent())) {
            older = files.filter(ForkedAotCache::isCacheFile)
                    .filter(file -> !file.equals(current))
                    .sorted(Comparator.comparing(ForkedAotCache::modified).reversed())
                    .toList();
        } catch (IOException e) {
            Logger.debug(e, "cannot list the AOT cache directory {}", current.getParent());
            return;
        }
        for (Path stale : older.subList(Math.min(older.size(), kept - 1), older.size())) {
            Logger.debug("removing the old AOT cache {}", stale);
            deleteQuietly(stale);
        }
    }

    private static boolean isCacheFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // gone meanwhile: oldest, removed (quietly) if at all
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Logger.debug(e, "cannot remove {}", path);
        }
    }

    private static String digest(List<String> key, String classPath) {
        StringBuilder text = new StringBuilder(Runtime.version().toString()).append('\n');
        key.forEach(part -> text.append(part).append('\n'));
        for (String entry : classPath.split(File.pathSeparator)) {
            File f = new File(entry);
            text.append(f.getAbsolutePath()).append(' ').append(f.length()).append(' ').append(f.lastModified()).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
