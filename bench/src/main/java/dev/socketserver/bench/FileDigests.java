package dev.socketserver.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The MD5 of served files for the two peer servers, remembered per path while the file's size
 * and modification time stay the same, so that a request costs one digest per file version.
 */
final class FileDigests {

    private record Entry(long size, long modified, String md5) {
    }

    private final ConcurrentMap<Path, Entry> entries = new ConcurrentHashMap<>();

    /** The MD5 of {@code file} (open as {@code channel}) as 32 lower-case hex characters. */
    String md5(Path file, FileChannel channel) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long modified = attributes.lastModifiedTime().toMillis();
        Entry entry = entries.get(file);
        if (entry == null || entry.size != attributes.size() || entry.modified != modified) {
            entry = new Entry(attributes.size(), modified, compute(channel));
            entries.put(file, entry);
        }
        return entry.md5;
    }

    private static String compute(FileChannel channel) throws IOException {
        MessageDigest digest = Md5.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = 0;
        int n;
        while ((n = channel.read(buffer.clear(), position)) > 0) {
            digest.update(buffer.array(), 0, n);
            position += n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
