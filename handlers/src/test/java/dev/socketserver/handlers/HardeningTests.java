package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the hardening test classes share: one {@link Hardening} world per class, under a temporary directory. */
abstract class HardeningTests {

    @TempDir
    static Path dir;

    static Hardening world;

    @BeforeAll
    static void createWorld() throws IOException {
        world = new Hardening(dir);
    }
}
