package dev.socketserver.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which file a path names: its device and inode, as {@code stat} gives them (without following a
 * link). Two reads with equal identities saw the same file, even under a reused name.
 */
record FileIdentity(long device, long inode) {

    /** The identity of the file at {@code path} now. */
    static FileIdentity of(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        return new FileIdentity((Long) attributes.get("dev"), (Long) attributes.get("ino"));
    }
}
