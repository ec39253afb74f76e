package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FileVersion's hand-written equals and hashCode: equal exactly when every component is, as a record's. */
class FileVersionTest {

    private static final FileVersion VERSION = new FileVersion("inode 7", 4096, FileTime.fromMillis(1_000), true);

    @Test
    void equalComponentsAreEqualWithEqualHashes() {
        FileVersion same = new FileVersion(new String("inode 7"), 4096, FileTime.fromMillis(1_000), true);
        assertEquals(VERSION, same);
        assertEquals(VERSION.hashCode(), same.hashCode());
    }

    @Test
    void anyComponentDifferingMakesAnotherVersion() {
        List<FileVersion> others = List.of(
                new FileVersion("inode 8", 4096, FileTime.fromMillis(1_000), true),
                new FileVersion("inode 7", 4097, FileTime.fromMillis(1_000), true),
                new FileVersion("inode 7", 4096, FileTime.fromMillis(1_001), true),
                new FileVersion("inode 7", 4096, FileTime.fromMillis(1_000), false));
        for (FileVersion other : others) {
            assertNotEquals(VERSION, other);
            assertNotEquals(VERSION.hashCode(), other.hashCode(), other.toString());
        }
        assertNotEquals(VERSION, "inode 7");
        assertNotEquals(VERSION, null);
    }
}
