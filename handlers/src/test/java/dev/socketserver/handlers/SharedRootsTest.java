package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SharedRoots}: one descriptor for overlapping connections, the directory the path names, closed by the last. */
class SharedRootsTest {

    @TempDir
    Path dir;

    Path root;
    final SharedRoots roots = new SharedRoots();

    @BeforeEach
    void createRoot() throws IOException {
        root = SafePaths.realRoot(Files.createDirectory(dir.resolve("root")));
        Files.writeString(root.resolve("a.txt"), "first root");
    }

    @Test
    void overlappingConnectionsShareOneDescriptorAndTheLastClosesIt() throws Exception {
        SharedRoots.Lease first = roots.lease(root);
        SharedRoots.Lease second = roots.lease(root);
        assertSame(first.root(), second.root());
        assertEquals(1, roots.openCount());

        first.close();
        first.close(); // a second close of the same lease must not take the other connection's use
        assertEquals("first root", read(second.root(), "a.txt"));
        assertEquals(1, roots.openCount());

        second.close();
        assertEquals(0, roots.openCount());
        assertThrows(ClosedDirectoryStreamException.class, () -> second.root().open("a.txt"));
        try (SharedRoots.Lease again = roots.lease(root)) {
            assertNotSame(first.root(), again.root());
            assertEquals("first root", read(again.root(), "a.txt"));
        }
        assertEquals(0, roots.openCount());
    }

    @Test
    void aRootReplacedUnderItsPathServesTheNewDirectoryToNewConnections() throws Exception {
        try (SharedRoots.Lease before = roots.lease(root)) {
            Files.move(root, dir.resolve("old-root"));
            Files.createDirectory(root);
            Files.writeString(root.resolve("a.txt"), "second root");

            try (SharedRoots.Lease after = roots.lease(root)) {
                assertNotSame(before.root(), after.root());
                assertEquals("second root", read(after.root(), "a.txt"));
                assertEquals("first root", read(before.root(), "a.txt"), "a connection keeps the directory it began with");
                assertEquals(1, roots.openCount(), "the old root is no longer offered to new connections");
            }
            assertEquals("first root", read(before.root(), "a.txt"));
        }
        assertEquals(0, roots.openCount());
    }

    @Test
    void aRootGoneFromItsPathFailsTheNewConnectionOnly() throws Exception {
        try (SharedRoots.Lease before = roots.lease(root)) {
            Files.move(root, dir.resolve("old-root"));
            assertThrows(NoSuchFileException.class, () -> roots.lease(root));
            assertEquals("first root", read(before.root(), "a.txt"));
            assertEquals(1, roots.openCount());
        }
        assertEquals(0, roots.openCount());
    }

    private static String read(ServedRoot served, String name) throws IOException, RefusedException {
        try (OpenedFile file = served.open(name)) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(file.version().size()));
            while (bytes.hasRemaining() && file.channel().read(bytes) >= 0) {
                // until the whole file is in
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        }
    }
}
