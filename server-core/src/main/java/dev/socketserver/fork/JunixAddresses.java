package dev.socketserver.fork;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * junixsocket's Unix addresses for {@link ChildAddresses}, kept apart so that a child serving a
 * TCP or Unix stream connection never loads junixsocket.
 */
final class JunixAddresses {

    private JunixAddresses() {
    }

    /** The path of a junixsocket Unix address ("" when unnamed); null for any other address or an abstract name. */
    static @Nullable String pathOf(SocketAddress address) {
        if (!(address instanceof AFUNIXSocketAddress unix)) {
            return null;
        }
        byte[] path = unix.getPathAsBytes();
        if (path.length == 0) {
            return ""; // unnamed
        }
        return path[0] == 0 ? null : unix.getPath(); // a leading NUL: the abstract namespace
    }

    static SocketAddress of(Path path) {
        try {
            return AFUNIXSocketAddress.of(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Unix socket path: " + path, e);
        }
    }
}
