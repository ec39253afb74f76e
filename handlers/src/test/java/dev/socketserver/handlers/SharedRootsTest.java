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
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SharedRoots}: one descriptor for overlapping connections, the directory the path names,
 * closed by the last (with no linger) or after the linger.
 */
class SharedRootsTest {

    @TempDir
    Path dir;

    Path root;
    final SharedRoots roots = new SharedRoots(Duration.ZERO);

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

    @Test
    void connectionsOneAfterAnotherShareTheLingeringDescriptor() throws Exception {
        SharedRoots lingering = new SharedRoots(Duration.ofHours(1));
        ServedRoot first = leasedAndGivenBack(lingering);
        assertEquals(1, lingering.openCount(), "kept open for the next connection");
        try (SharedRoots.Lease next = lingering.lease(root)) {
            assertSame(first, next.root());
            assertEquals("first root", read(next.root(), "a.txt"));
        }
    }

    @Test
    void aLingeringRootIsClosedAfterTheLinger() throws Exception {
        SharedRoots lingering = new SharedRoots(Duration.ofMillis(20));
        SharedRoots.Lease lease = lingering.lease(root);
        lease.close();
        Await.until("the root closed after its linger", () -> closed(lease.root())); // removed, then closed
        assertEquals(0, lingering.openCount());
    }

    /** The root of a lease taken and given back at once: it lingers in {@code roots}. */
    private ServedRoot leasedAndGivenBack(SharedRoots roots) throws IOException {
        try (SharedRoots.Lease lease = roots.lease(root)) {
            return lease.root();
        }
    }

    private static boolean closed(ServedRoot served) {
        try (OpenedFile file = served.open("a.txt")) {
            return false;
        } catch (ClosedDirectoryStreamException e) {
            return true;
        } catch (IOException | RefusedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLingeringRootReplacedUnderItsPathIsClosedAndTheNewOneServed() throws Exception {
        SharedRoots lingering = new SharedRoots(Duration.ofHours(1));
        ServedRoot old = leasedAndGivenBack(lingering);
        Files.move(root, dir.resolve("old-root"));
        Files.createDirectory(root);
        Files.writeString(root.resolve("a.txt"), "second root");
        try (SharedRoots.Lease next = lingering.lease(root)) {
            assertNotSame(old, next.root());
            assertEquals("second root", read(next.root(), "a.txt"));
            assertThrows(ClosedDirectoryStreamException.class, () -> old.open("a.txt"), "the replaced root was not closed");
            assertEquals(1, lingering.openCount());
        }
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
