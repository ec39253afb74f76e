package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which AOT cache make compare starts serve with: the one beside the jar, only when newer than it (as scripts/aot-flag). */
class ContestantsTest {

    @TempDir
    Path dir;

    @Test
    void serveGetsTheCacheBesideItsJarOnlyWhenTheCacheIsNewer() throws Exception {
        Path jar = Files.writeString(dir.resolve("socketserver.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-29T12:00:00Z")));
        assertEquals(Optional.empty(), Contestants.aotCache(jar), "no cache yet");

        Path cache = Files.writeString(dir.resolve("socketserver.aot"), "cache");
        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-11-29T12:01:00Z")));
        assertEquals(Optional.of(cache), Contestants.aotCache(jar));

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-29T12:02:00Z"))); // the jar rebuilt since
        assertEquals(Optional.empty(), Contestants.aotCache(jar), "a stale cache is not used");
    }
}
