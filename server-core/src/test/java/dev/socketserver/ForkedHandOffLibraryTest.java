package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off library a pooled child reads its private channel with: the server copies it from
 * the children's class path into its private AOT cache directory and names it to them; a library
 * that does not load leaves the child on junixsocket, and the request is served all the same.
 */
@Timeout(120)
class ForkedHandOffLibraryTest {

    private static final Pattern COPY = Pattern.compile("(/\\S+/socketserver-handoff-[0-9a-f]{24}\\.so)");

    @TempDir
    Path dir;

    @Test
    void theServersCopyIsWhatAWaitingChildLoads() throws Exception {
        Path aot = dir.resolve("aot");
        ServerOptions base = ForkedTesting.options();
        ServerOptions options = base.toBuilder()
                .fork(base.fork().toBuilder().aotCacheDirectory(aot).warmChildren(1).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ForkedJunixLibraryTest.LoadedLibrary.class, options)) {
            var serving = ForkedTesting.serve(server);
            long child = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            Matcher copy = COPY.matcher(maps(child));
            assertTrue(copy.find(), "the waiting child mapped a copy of the hand-off library");
            assertEquals(aot, Path.of(copy.group(1)).getParent(), "the copy is in the server's private directory");
            assertArrayEquals(builtLibrary(), Files.readAllBytes(Path.of(copy.group(1))), "the copy is the build's library");
            assertFalse(maps(child).contains("junixsocket"), "and not junixsocket's, before its request");
            assertTrue(request(server).startsWith(aot.toString()), "the handler still has junixsocket when it wants it");
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of(child));
        }
    }

    @Test
    void aLibraryThatDoesNotLoadLeavesTheChildOnJunixsocket() throws Exception {
        checkLeftOnJunixsocket(Files.writeString(dir.resolve("junk.so"), "not a library"), "junk.so");
    }

    @Test
    void aLibraryWithoutTheHandOffFunctionsLeavesTheChildOnJunixsocket() throws Exception {
        Path other = Path.of(System.getProperty("java.home"), "lib", System.mapLibraryName("syslookup")); // the JDK's, a few symbols
        assertTrue(Files.isRegularFile(other), other + " is not there");
        checkLeftOnJunixsocket(other, "syslookup");
    }

    /** A pooled child told to load {@code library} ({@code shownAs} in its maps if it did) still serves, through junixsocket. */
    private static void checkLeftOnJunixsocket(Path library, String shownAs) throws Exception {
        ServerOptions base = ForkedTesting.options();
        List<String> jvm = new ArrayList<>(base.fork().jvmOptions());
        jvm.add("-Dsocketserver.fork.handOffLibrary=" + library); // after the server's own: this one wins
        ServerOptions options = base.toBuilder()
                .fork(base.fork().toBuilder().jvmOptions(jvm).warmChildren(1).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, options)) {
            var serving = ForkedTesting.serve(server);
            long child = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            String maps = maps(child);
            assertFalse(maps.contains("socketserver-handoff"), "no hand-off library");
            assertTrue(maps.contains("junixsocket"), "the waiting child reads its channel with junixsocket");
            if (shownAs.equals("junk.so")) {
                assertFalse(maps.contains(shownAs), "the junk was not mapped");
            }
            String[] report = ForkedPoolTest.stream(server, java.net.StandardProtocolFamily.INET);
            assertEquals(Long.toString(child), report[0], "and serves its request");
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of(child));
        }
    }

    private static String request(BaseServer<?> server) throws Exception {
        try (SocketChannel client = SocketChannel.open(server.serverAddress())) {
            return new String(TestIo.readAll(client), StandardCharsets.UTF_8);
        }
    }

    private static String maps(long pid) throws Exception {
        return Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
    }

    private static byte[] builtLibrary() throws Exception {
        return Files.readAllBytes(ForkedTesting.builtHandOffLibrary());
    }
}
