package dev.socketserver.handlers;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jetbrains.annotations.Nullable;

/**
 * MD5 digests by {@link FileVersion}, so that a file is hashed once per version and then sent
 * with zero-copy {@code transferTo}. Bounded: past its capacity an arbitrary entry makes room,
 * which is enough for a cache whose misses cost one extra pass over a file. Lookups take no lock.
 */
final class DigestCache {

    private final int capacity;
    private final Map<FileVersion, String> digests = new ConcurrentHashMap<>();

    DigestCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The digest of this exact version, or null when it was never recorded (or was evicted). */
    @Nullable String get(FileVersion version) {
        return digests.get(version);
    }

    /** Records the digest of a version that was seen unchanged from start to end of a read. */
    void put(FileVersion version, String digest) {
        Iterator<FileVersion> victims = digests.keySet().iterator();
        while (digests.size() >= capacity && victims.hasNext()) {
            victims.next();
            victims.remove();
        }
        digests.put(version, digest);
    }

    /** Forgets a version (its file changed while it was being sent). */
    void remove(FileVersion version) {
        digests.remove(version);
    }

    int size() {
        return digests.size();
    }
}
