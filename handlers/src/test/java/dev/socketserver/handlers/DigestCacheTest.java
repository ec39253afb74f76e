package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;

class DigestCacheTest {

    private static FileVersion version(long inode, long size, long mtime) {
        return new FileVersion(inode, size, FileTime.fromMillis(mtime), true);
    }

    @Test
    void aDigestBelongsToOneExactVersion() {
        DigestCache cache = new DigestCache(10);
        cache.put(version(1, 100, 5), "d1");
        assertEquals("d1", cache.get(version(1, 100, 5)));
        assertNull(cache.get(version(1, 100, 6)), "another modification time");
        assertNull(cache.get(version(1, 101, 5)), "another size");
        assertNull(cache.get(version(2, 100, 5)), "another file");
        cache.remove(version(1, 100, 5));
        assertNull(cache.get(version(1, 100, 5)));
    }

    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        DigestCache cache = new DigestCache(3);
        for (int i = 0; i < 100; i++) {
            cache.put(version(i, 1, 1), "d" + i);
        }
        assertEquals(3, cache.size());
        assertEquals("d99", cache.get(version(99, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new DigestCache(0));
    }
}
