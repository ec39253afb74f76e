package dev.socketserver.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Every test of {@link SafePathsTest} again on the JDK's way ({@code SecureDirectoryStream}, one
 * segment at a time), which a JVM without {@link NativeFiles} (no {@code sun.nio.ch} export, no
 * native access, another platform) serves with: the same refusals, the same checks.
 */
class SafePathsJdkTest extends SafePathsTest {

    @Override
    ServedRoot openRoot(Path realRoot) throws IOException {
        return ServedRoot.open(realRoot, false);
    }

    /** The JDK's attributes and file key, as the JDK's way reads them. */
    @Override
    FileVersion versionOf(Path file) throws IOException {
        return FileVersion.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), file);
    }
}
