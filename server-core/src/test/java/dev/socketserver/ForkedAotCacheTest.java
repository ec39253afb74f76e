package dev.socketserver;

import dev.socketserver.fork.ForkedDispatcher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;

/**
 * The children's AOT cache: the first child makes it, later children start from it, a damaged
 * cache falls back to a plain start, a rebuilt jar gets a cache of its own, and a class path with
 * directories (the JVM cannot cache it) goes without.
 */
@Timeout(120)
class ForkedAotCacheTest {

    @TempDir
    Path dir;

    /** Replies with the child's process id, then its JVM's command line, one word per line. */
    public static final class CommandLine extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            List<String> words = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
            wfile().write((ProcessHandle.current().pid() + "\n" + String.join("\n", words)).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void firstChildMakesTheCacheLaterOnesUseItAndADamagedOneIsIgnored() throws Exception {
        ServerOptions options = options(jarClassPath());
        Path cache;
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), CommandLine.class, options)) {
            cache = ((ForkedDispatcher) server.dispatcher()).aotCacheFile();
            assertNotNull(cache);
            var serving = ForkedTesting.serve(server);
            List<String> training = childCommandLine(server);
            assertTrue(training.stream().anyMatch(word -> word.startsWith("-XX:AOTCacheOutput=")),
                    "the first child is the training run");
            String trainingChild = "child " + training.getFirst() + " ";
            ForkedTesting.await(() -> Files.isRegularFile(cache), Duration.ofSeconds(60), "the cache is made");
            // The JVM's messages about making the cache are routine: DEBUG, not WARN (nor INFO).
            LogCapture.awaitMore(0, Level.DEBUG, trainingChild, "Picked up JAVA_TOOL_OPTIONS");
            LogCapture.awaitMore(0, Level.DEBUG, trainingChild, "AOTCache creation is complete");
            assertEquals(List.of(), LogCapture.find(Level.INFO, trainingChild), "the training child logs nothing above DEBUG");
            assertTrue(childCommandLine(server).contains("-XX:AOTCache=" + cache), "later children use it");
            server.shutdown();
            serving.join();
        }
        try (OutputStream damage = Files.newOutputStream(cache)) {
            damage.write("not an AOT cache".getBytes(StandardCharsets.US_ASCII));
        }
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), CommandLine.class, options)) {
            var serving = ForkedTesting.serve(server);
            assertTrue(childCommandLine(server).contains("-XX:AOTCache=" + cache),
                    "a child given a damaged cache still starts and serves");
            server.shutdown();
            serving.join();
        }
    }

    /**
     * With a pool the cache is trained on the pooled path: a waiting child is the training run and
     * serves the first request (hand-off included), and the pool fills from its cache. A cache of
     * its own: one trained on children started for their requests lacks the pooled path.
     */
    @Test
    void aPooledServerTrainsTheCacheOnAWaitingChildThatServesARequest() throws Exception {
        String classPath = jarClassPath();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), CommandLine.class,
                options(classPath, 1))) {
            Path cache = ((ForkedDispatcher) server.dispatcher()).aotCacheFile();
            assertNotNull(cache);
            assertNotEquals(cacheFile(classPath), cache, "a pooled server's cache is not a cold one's");
            var serving = ForkedTesting.serve(server);
            long training = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            List<String> first = childCommandLine(server);
            assertEquals(Long.toString(training), first.getFirst(), "the waiting child serves the first request");
            assertTrue(first.stream().anyMatch(word -> word.startsWith("-XX:AOTCacheOutput=")),
                    "the waiting child is the training run: " + first);
            ForkedTesting.await(() -> Files.isRegularFile(cache), Duration.ofSeconds(60), "the cache is made");
            long next = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            List<String> later = childCommandLine(server);
            assertEquals(Long.toString(next), later.getFirst(), "a waiting child serves the next request");
            assertTrue(later.contains("-XX:AOTCache=" + cache), "the pool's children start from the cache: " + later);
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of(training, next));
        }
    }

    @Test
    void aRebuiltJarGetsAFreshCache() throws Exception {
        String classPath = jarClassPath();
        Path before = cacheFile(classPath);
        Path jar = Path.of(classPath.split(File.pathSeparator)[0]);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertNotEquals(before, cacheFile(classPath));
    }

    @Test
    void aClassPathWithDirectoriesGoesWithoutACache() throws Exception {
        assertNull(cacheFile(System.getProperty("java.class.path")), "target/classes is a directory");
    }

    @Test
    void aDirectoryOthersCanWriteIsNotTrusted() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("aot"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        String classPath = jarClassPath();
        Path cache = cacheFile(classPath);
        assertNotNull(cache);
        Files.writeString(cache, "planted by another user");
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), CommandLine.class,
                options(classPath))) {
            var serving = ForkedTesting.serve(server);
            assertTrue(childCommandLine(server).stream().noneMatch(word -> word.startsWith("-XX:AOTCache")),
                    "a cache in a directory others can write is neither used nor made");
            server.shutdown();
            serving.join();
        }
    }

    /** The cache file of a server without a pool. */
    private Path cacheFile(String classPath) throws IOException {
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), CommandLine.class,
                options(classPath, 0))) {
            return ((ForkedDispatcher) server.dispatcher()).aotCacheFile();
        }
    }

    private ServerOptions options(String classPath) {
        return options(classPath, 0);
    }

    private ServerOptions options(String classPath, int warmChildren) {
        ServerOptions base = ForkedTesting.options();
        return base.toBuilder()
                .fork(base.fork().toBuilder().classPath(classPath).aotCacheDirectory(dir.resolve("aot"))
                        .warmChildren(warmChildren).build())
                .build();
    }

    private static List<String> childCommandLine(TcpServer server) throws IOException {
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            return List.of(new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\n"));
        }
    }

    private String jarClassPath() throws IOException {
        return ForkedTesting.jarClassPath(dir);
    }
}
