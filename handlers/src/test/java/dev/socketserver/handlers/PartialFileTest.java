package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop (shutdown hook) and a commit exclude each other: a file is saved whole or not at all. */
class PartialFileTest {

    @TempDir
    Path dir;

    @Test
    void abandonedFileIsDeletedAndCannotBeCommittedAfterwards() throws IOException {
        Path target = dir.resolve("a.txt");
        try (PartialFile partial = PartialFile.beside(target)) {
            partial.write("hello".getBytes(StandardCharsets.US_ASCII), 5);
            assertEquals(1, names().size(), "the temporary file exists");
            assertTrue(FileClient.abandonDownloads().contains(target));
            assertEquals(List.of(), names(), "deleted at once, while its writer still holds it");
            assertThrows(IOException.class, () -> partial.commit(false));
        }
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names());
    }

    @Test
    void committedFileIsKeptByALaterStop() throws IOException {
        Path target = dir.resolve("b.txt");
        try (PartialFile partial = PartialFile.beside(target)) {
            partial.write("hello".getBytes(StandardCharsets.US_ASCII), 5);
            partial.commit(false);
            assertFalse(FileClient.abandonDownloads().contains(target), "nothing to abandon once saved");
        }
        assertEquals("hello", Files.readString(target));
        assertEquals(List.of("b.txt"), names());
    }

    /** Commit and stop race: each round ends saved and not reported, or reported and not saved; never both. */
    @Test
    void commitAndStopRacingAgreeOnTheOutcome() throws Exception {
        for (int round = 0; round < 300; round++) {
            Path target = dir.resolve("race" + round);
            PartialFile partial = PartialFile.beside(target);
            partial.write("hello".getBytes(StandardCharsets.US_ASCII), 5);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
            Thread stop = Thread.ofPlatform().name("test-stop").start(() -> {
                awaitQuietly(go);
                reported.set(FileClient.abandonDownloads().contains(target));
            });
            go.countDown();
            try {
                partial.commit(round % 2 == 0);
            } catch (IOException e) {
                // abandoned first: nothing may be saved, checked below
                assertFalse(Files.exists(target), e.toString());
            } finally {
                partial.close();
            }
            stop.join();
            assertEquals(!reported.get(), Files.exists(target), "round " + round + ": saved exactly when not reported");
            if (Files.exists(target)) {
                assertEquals("hello", Files.readString(target));
            }
        }
        assertTrue(names().stream().noneMatch(name -> name.endsWith(".part")), names().toString());
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
