package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRequestsTest {

    @TempDir
    Path dir;

    private FileRequests.Resolved resolve(Path root, String command) {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        return FileRequests.resolve(root, bytes, 0, bytes.length);
    }

    private Path root() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "hello");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        return root.toRealPath();
    }

    @Test
    void resolvesAFileInTheRootWithOrWithoutANewline() throws IOException {
        Path root = root();
        assertEquals(root.resolve("a.txt"), resolve(root, "get a.txt").file());
        assertEquals(root.resolve("a.txt"), resolve(root, "get a.txt\nextra").file());
    }

    @Test
    void refusesNamesOutsideTheRoot() throws IOException {
        Path root = root();
        assertEquals("ERR name outside the served directory\n", resolve(root, "get ../secret.txt").error());
        assertEquals("ERR name outside the served directory\n", resolve(root, "get " + dir.resolve("secret.txt")).error());
    }

    @Test
    void refusesSymbolicLinksMissingFilesAndOtherCommands() throws IOException {
        Path root = root();
        Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
        assertEquals("ERR no such file\n", resolve(root, "get link.txt").error());
        assertEquals("ERR no such file\n", resolve(root, "get missing.txt").error());
        assertEquals("ERR expected 'get NAME'\n", resolve(root, "put a.txt").error());
        assertEquals("ERR expected 'get NAME'\n", resolve(root, "get").error());
        assertFalse(resolve(root, "").ok());
        assertTrue(resolve(root, "get a.txt").ok());
    }
}
