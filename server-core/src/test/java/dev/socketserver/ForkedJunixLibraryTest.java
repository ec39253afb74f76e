package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * junixsocket's native library, which a pooled child loads for its hand-off: the server extracts it
 * once into its private AOT cache directory and the children load that copy instead of extracting
 * their own; a copy whose bytes differ is replaced; a directory others can write gets none.
 */
@Timeout(120)
class ForkedJunixLibraryTest {

    @TempDir
    Path dir;

    /**
     * Replies with the native library junixsocket loaded in the child, once it is loaded (a child that
     * reads its private channel with the hand-off library has not loaded it before its request).
     */
    public static final class LoadedLibrary extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            assertTrue(AFUNIXSocket.isSupported(), "junixsocket loads in the child");
            wfile().write(String.valueOf(AFSocket.getLoadedLibrary()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pooledChildrenLoadTheServersCopyAndADamagedCopyIsReplaced() throws Exception {
        Path aot = dir.resolve("aot");
        String loaded = loadedInAPooledChild(aot);
        Path copy = Path.of(loaded);
        assertEquals(aot, copy.getParent(), "the child loaded the server's copy: " + loaded);
        assertTrue(copy.getFileName().toString().matches("junixsocket-native-[0-9.]+-[0-9a-f]{24}\\.so"), loaded);
        assertArrayEquals(jarLibrary(), Files.readAllBytes(copy), "the copy is the jar's library");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(aot)));

        Files.writeString(copy, "not a library");
        assertEquals(loaded, loadedInAPooledChild(aot), "the next server puts the library back under the same name");
        assertArrayEquals(jarLibrary(), Files.readAllBytes(copy));
    }

    @Test
    void aDirectoryOthersCanWriteGetsNoCopy() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("aot"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        String loaded = loadedInAPooledChild(shared);
        assertFalse(loaded.startsWith("/"), "the child extracted junixsocket's library itself: " + loaded);
        try (Stream<Path> files = Files.list(shared)) {
            assertEquals(List.of(), files.toList(), "nothing was written there");
        }
    }

    private static String loadedInAPooledChild(Path aotDirectory) throws Exception {
        ServerOptions base = ForkedTesting.options();
        ServerOptions options = base.toBuilder()
                .fork(base.fork().toBuilder().aotCacheDirectory(aotDirectory).warmChildren(1).build())
                .build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), LoadedLibrary.class, options)) {
            var serving = ForkedTesting.serve(server);
            long waiting = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            String loaded;
            try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
                loaded = new String(TestIo.readAll(client), StandardCharsets.UTF_8);
            }
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, java.util.Set.of(waiting));
            return loaded;
        }
    }

    /** The library junixsocket would extract on this machine (amd64 or other, Linux), from its jar. */
    private static byte[] jarLibrary() throws IOException {
        String name = "lib/" + System.getProperty("os.arch") + "-" + System.getProperty("os.name") + "-clang/jni/"
                + System.mapLibraryName("junixsocket-native-" + AFSocket.getVersion());
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name)) {
            assertTrue(in != null, "no " + name + " on the class path");
            return in.readAllBytes();
        }
    }
}
