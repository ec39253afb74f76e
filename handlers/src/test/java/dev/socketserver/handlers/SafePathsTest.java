package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {

    @TempDir
    Path dir;

    Path root;

    @BeforeEach
    void createRoot() throws IOException {
        root = SafePaths.realRoot(SampleRoot.create(Files.createDirectory(dir.resolve("root"))));
        Files.writeString(dir.resolve("secret.txt"), "outside the root\n");
    }

    private String refusal(String name) {
        return assertThrows(RefusedException.class, () -> SafePaths.resolve(root, name)).reason();
    }

    @Test
    void plainAndNestedNamesResolveToRealPathsInside() throws RefusedException {
        assertEquals(root.resolve(SampleRoot.SMALL), SafePaths.resolve(root, SampleRoot.SMALL));
        assertEquals(root.resolve(SampleRoot.NESTED), SafePaths.resolve(root, SampleRoot.NESTED));
        assertEquals(root.resolve(SampleRoot.NESTED), SafePaths.resolve(root, "./sub//nested.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "..", "sub/../small.txt", "sub/../../secret.txt", "a/.."})
    void dotDotSegmentsAreRefusedEvenWhenTheyStayInside(String name) {
        assertTrue(refusal(name).startsWith("'..' is not allowed"), name);
    }

    @Test
    void dotsInsideANameAreFine() throws IOException, RefusedException {
        Files.writeString(root.resolve("..hidden..txt"), "x");
        assertEquals(root.resolve("..hidden..txt"), SafePaths.resolve(root, "..hidden..txt"));
    }

    @Test
    void absolutePathsAreRefused() {
        assertTrue(refusal("/etc/passwd").startsWith("absolute paths are not served"));
        assertTrue(refusal(root.resolve(SampleRoot.SMALL).toString()).startsWith("absolute paths are not served"));
    }

    @Test
    void nulAndControlCharactersAreRefused() {
        assertEquals("file name contains NUL", refusal("small.txt\0.png"));
        assertEquals("file name contains a control character", refusal("small\n.txt"));
        assertEquals("empty file name", refusal(""));
    }

    @Test
    void symlinkLeavingTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir);
        assertTrue(refusal("escape.txt").startsWith("outside the served directory"));
        assertTrue(refusal("escape-dir/secret.txt").startsWith("outside the served directory"));
    }

    @Test
    void symlinkStayingInsideIsServedAsItsTarget() throws IOException, RefusedException {
        Files.createSymbolicLink(root.resolve("alias.txt"), Path.of(SampleRoot.SMALL));
        assertEquals(root.resolve(SampleRoot.SMALL), SafePaths.resolve(root, "alias.txt"));
    }

    @Test
    void missingDirectoryAndNonRegularFilesAreRefused() throws IOException {
        assertEquals("no such file: nope.txt", refusal("nope.txt"));
        assertEquals("is a directory: sub", refusal("sub"));
        assertEquals("is a directory: .", refusal("."));
        try (ServerSocketChannel socketFile = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socketFile.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
            assertEquals("not a regular file: sock", refusal("sock"));
        }
        assertTrue(refusal("small.txt/child").startsWith("cannot open small.txt/child"), refusal("small.txt/child"));
    }

    @Test
    void loopingSymlinksAreRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertTrue(refusal("loop").startsWith("cannot open loop"), refusal("loop"));
    }

    @Test
    void longNamesAreShortenedInTheReason() {
        String name = "n".repeat(900);
        String reason = refusal(name);
        assertTrue(reason.length() < 300, reason);
    }

    @Test
    void rootMustBeADirectory() {
        assertThrows(IllegalArgumentException.class, () -> SafePaths.realRoot(root.resolve(SampleRoot.SMALL)));
        assertThrows(IOException.class, () -> SafePaths.realRoot(dir.resolve("missing")));
    }
}
