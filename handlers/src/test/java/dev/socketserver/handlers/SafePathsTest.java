package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Name checks ({@link SafePaths}) and opening beneath the root ({@link ServedRoot}, {@link OpenedFile}). */
class SafePathsTest {

    @TempDir
    Path dir;

    Path root;
    ServedRoot served;

    @BeforeEach
    void createRoot() throws IOException {
        root = SafePaths.realRoot(SampleRoot.create(Files.createDirectory(dir.resolve("root"))));
        Files.writeString(dir.resolve("secret.txt"), "outside the root\n");
        served = ServedRoot.open(root);
    }

    @AfterEach
    void closeRoot() {
        served.close();
    }

    private String refusal(String name) {
        return assertThrows(RefusedException.class, () -> served.open(name).close()).reason();
    }

    /** Opening {@code name} opens the file at {@code expected} (same device and inode), readable. */
    private void assertOpens(Path expected, String name) throws IOException, RefusedException {
        try (OpenedFile file = served.open(name)) {
            assertEquals(FileVersion.of(expected), file.version(), name);
            assertEquals(Files.size(expected), file.channel().size(), name);
        }
    }

    @Test
    void plainAndNestedNamesOpenTheFilesInside() throws IOException, RefusedException {
        assertOpens(root.resolve(SampleRoot.SMALL), SampleRoot.SMALL);
        assertOpens(root.resolve(SampleRoot.NESTED), SampleRoot.NESTED);
        assertOpens(root.resolve(SampleRoot.NESTED), "./sub//nested.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "..", "sub/../small.txt", "sub/../../secret.txt", "a/.."})
    void dotDotSegmentsAreRefusedEvenWhenTheyStayInside(String name) {
        assertTrue(refusal(name).startsWith("'..' is not allowed"), name);
    }

    @Test
    void dotsInsideANameAreFine() throws IOException, RefusedException {
        Files.writeString(root.resolve("..hidden..txt"), "x");
        assertOpens(root.resolve("..hidden..txt"), "..hidden..txt");
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
        Files.createSymbolicLink(root.resolve("sub/escape.txt"), Path.of("../../secret.txt"));
        assertEquals("symbolic links are not served: escape.txt", refusal("escape.txt"));
        assertEquals("symbolic links are not served: escape-dir/secret.txt", refusal("escape-dir/secret.txt"));
        assertEquals("symbolic links are not served: sub/escape.txt", refusal("sub/escape.txt"));
    }

    /** Whether a link's target stays inside is a question about names again: no link is followed. */
    @Test
    void symlinksStayingInsideAreRefusedToo() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.txt"), Path.of(SampleRoot.SMALL));
        Files.createSymbolicLink(root.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("alias-dir"), Path.of("sub"));
        assertEquals("symbolic links are not served: alias.txt", refusal("alias.txt"));
        assertEquals("symbolic links are not served: sub/up/small.txt", refusal("sub/up/small.txt"));
        assertEquals("symbolic links are not served: alias-dir/nested.txt", refusal("alias-dir/nested.txt"));
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = root.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals("not a regular file: fifo", refusal("fifo")); // opening it for reading would block
    }

    @Test
    void theOpenedFileStaysWhatWasOpenedWhenItsNameIsReplaced() throws IOException, RefusedException {
        Path small = root.resolve(SampleRoot.SMALL);
        FileVersion original = FileVersion.of(small);
        byte[] content = Files.readAllBytes(small);
        try (OpenedFile file = served.open(SampleRoot.SMALL)) {
            assertEquals(1, file.links());
            Path other = Files.writeString(root.resolve("other.txt"), "another file, another size\n");
            Files.move(other, small, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(original, file.version());
            assertEquals(original.size(), file.channel().size());
            ByteBuffer read = ByteBuffer.allocate(content.length);
            file.channel().read(read, 0);
            assertArrayEquals(content, read.array(), "what is read is the file that was opened");
            assertFalse(file.unchanged(), "the name leads to another file now: a send would be called off");
            assertThrows(RefusedException.class, file::links, "the link count of another file is not trusted");
        }
    }

    @Test
    void aWriteToTheOpenedFileIsSeen() throws IOException, RefusedException {
        Path small = root.resolve(SampleRoot.SMALL);
        try (OpenedFile file = served.open(SampleRoot.SMALL)) {
            Files.setLastModifiedTime(small, FileTime.from(Instant.now().plusSeconds(60)));
            assertFalse(file.unchanged());
        }
    }

    @Test
    void hardLinksAreCounted() throws IOException, RefusedException {
        Files.createLink(root.resolve("twin.txt"), root.resolve(SampleRoot.SMALL));
        try (OpenedFile file = served.open("twin.txt")) {
            assertEquals(2, file.links());
        }
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
        assertEquals("not a directory: small.txt/", refusal("small.txt/"));
        assertEquals("not a directory: sub/nested.txt//", refusal("sub/nested.txt//"));
    }

    @Test
    void loopingSymlinksAreRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertEquals("symbolic links are not served: loop", refusal("loop"));
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
