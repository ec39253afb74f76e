package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/find-jdk, which the Makefile uses: $JAVA_HOME, then the PATH's java, then /usr/lib/jvm. */
class FindJdkScriptTest {

    private static final Path SCRIPT = Path.of("../scripts/find-jdk").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A JDK home whose bin/java runs {@code body} (a shell script). */
    private Path fakeJdk(String name, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(name).resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve(name);
    }

    /** find-jdk's output, with no JAVA_HOME and {@code pathFirst} ahead of the system's PATH. */
    private static String findJdk(Path pathFirst) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", pathFirst.resolve("bin") + ":/usr/bin:/bin");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void aJdk25JavaOnThePathIsUsed() throws Exception {
        String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path onPath = fakeJdk("jdk-on-path", "exec '" + realJava + "' \"$@\"");
        assertEquals(onPath.toString(), findJdk(onPath));
    }

    @Test
    void anOlderJavaOnThePathIsPassedOver() throws Exception {
        Path old = fakeJdk("jdk-17", "echo '    java.specification.version = 17' >&2");
        assertNotEquals(old.toString(), findJdk(old));
    }
}
