package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing a new AOT cache keeps only the newest few in the directory (each is 12–15 MB). */
class ForkedAotCachePruneTest {

    @TempDir
    Path dir;

    @Test
    void installingACacheRemovesAllButTheNewestFew() throws Exception {
        Path caches = Files.createDirectory(dir.resolve("aot"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Instant now = Instant.now();
        for (int age = 1; age <= 5; age++) { // socketserver-old1.aot is the newest of the old ones
            Path old = Files.writeString(caches.resolve("socketserver-old" + age + ".aot"), "an older jar's cache");
            Files.setLastModifiedTime(old, FileTime.from(now.minusSeconds(60L * age)));
        }
        Path unrelated = Files.writeString(caches.resolve("notes.txt"), "not a cache: left alone");
        Files.setLastModifiedTime(unrelated, FileTime.from(now.minusSeconds(3600)));

        ForkedAotCache cache = new ForkedAotCache(caches, List.of("java"), emptyJar().toString());
        ForkedAotCache.Options training = cache.nextChild(true);
        Path output = training.trainingOutput();
        assertNotNull(output, "the first child trains");
        Files.writeString(output, "the new cache");
        cache.trainingEnded(output);

        assertEquals(Set.of(cache.file().getFileName().toString(), "socketserver-old1.aot", "socketserver-old2.aot",
                "notes.txt"), names(caches));
        assertEquals(ForkedAotCache.KEPT_CACHES, names(caches).stream().filter(name -> name.endsWith(".aot")).count());
    }

    /** With a warm pool a child started for a request must not make the cache: the pool's first waiting child does. */
    @Test
    void aChildThatMayNotTrainStartsWithoutACacheAndLeavesTheTrainingToTheNext() throws Exception {
        Path caches = Files.createDirectory(dir.resolve("aot"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ForkedAotCache cache = new ForkedAotCache(caches, List.of("java"), emptyJar().toString());
        ForkedAotCache.Options forRequest = cache.nextChild(false);
        assertNull(forRequest.trainingOutput(), "a child started for a request does not train");
        assertEquals(List.of(), forRequest.jvmOptions());
        assertFalse(cache.training());
        ForkedAotCache.Options waiting = cache.nextChild(true);
        Path output = waiting.trainingOutput();
        assertNotNull(output, "the pool's first waiting child trains");
        assertTrue(cache.training());
        Files.writeString(output, "the new cache");
        cache.trainingEnded(output);
        assertEquals(List.of("-XX:AOTCache=" + cache.file()), cache.nextChild(false).jvmOptions(), "once made, every child uses it");
    }

    @Test
    void staleTemporaryFilesOfKilledTrainingRunsAreRemovedAndLiveOrFreshOnesKept() throws Exception {
        Path caches = Files.createDirectory(dir.resolve("aot"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        long livePid = ProcessHandle.current().pid();
        FileTime old = FileTime.from(Instant.now().minus(AotCacheLeftovers.STALE_AFTER).minusSeconds(60));
        String stale = "socketserver-abc.aot." + deadPid + "-1.tmp";
        String staleConfig = stale + ".config";
        String fresh = "socketserver-abc.aot." + deadPid + "-2.tmp";
        String inUse = "socketserver-abc.aot." + livePid + "-3.tmp";
        String unrelated = "mine.tmp";
        String staleLibrary = "junixsocket-native-2.10.1-0123456789ab.so." + deadPid + "-4.tmp"; // JunixLibraryCopy's
        String inUseLibrary = "junixsocket-native-2.10.1-0123456789ab.so." + livePid + "-5.tmp";
        String staleHandOff = "socketserver-handoff-0123456789ab.so." + deadPid + "-6.tmp"; // HandOffLibrary's
        for (String name : List.of(stale, staleConfig, fresh, inUse, unrelated, staleLibrary, inUseLibrary, staleHandOff)) {
            Files.writeString(caches.resolve(name), "a half-written cache");
            if (!name.equals(fresh)) {
                Files.setLastModifiedTime(caches.resolve(name), old);
            }
        }

        ForkedAotCache cache = new ForkedAotCache(caches, List.of("java"), emptyJar().toString());
        assertNotNull(cache.nextChild(true).trainingOutput(), "the first child trains, and cleans up first");

        assertEquals(Set.of(fresh, inUse, unrelated, inUseLibrary), names(caches),
                "old leftovers of a server that is gone are removed; a fresh one, a live server's and others' kept");
    }

    @Test
    void theLibraryCopysAndTheCachesPartialNamesAreOnesTheCleanUpKnows() {
        for (String target : List.of("socketserver-abc.aot", "junixsocket-native-2.10.1-0123456789ab.so",
                "socketserver-handoff-0123456789ab.so")) {
            Path partial = AotCacheLeftovers.partialOf(dir.resolve(target));
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), AotCacheLeftovers.writerPid(partial), partial.toString());
        }
    }

    private Path emptyJar() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        return jar;
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
