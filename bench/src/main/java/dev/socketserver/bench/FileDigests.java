package dev.socketserver.bench;

import dev.socketserver.handlers.FileVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The MD5 of served files for the two peer servers, remembered per {@link FileVersion} as
 * {@code FileDownloadHandler} does, so that a request costs one digest per file version and the
 * peers do the same work per request as the framework's handler.
 */
final class FileDigests {

    private final ConcurrentMap<FileVersion, String> digests = new ConcurrentHashMap<>();

    /** The MD5 of {@code version} (open as {@code channel}) as 32 lower-case hex characters. */
    String md5(FileVersion version, FileChannel channel) throws IOException {
        String known = digests.get(version);
        if (known != null) {
            return known;
        }
        String computed = compute(channel);
        digests.put(version, computed);
        return computed;
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
