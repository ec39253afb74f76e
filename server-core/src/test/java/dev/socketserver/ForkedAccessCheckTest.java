package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.internal.FileDescriptors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A forked server in a JVM that cannot reach socket descriptors fails when it is built, with the
 * flag to add, instead of failing every request.
 */
@Timeout(60)
class ForkedAccessCheckTest {

    static final String FLAG = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    @Test
    void codeWithoutTheExportIsRefusedWithTheFlagToAdd() {
        Module withoutExport = ModuleLayer.boot().findModule("java.logging").orElseThrow(); // as code without the flag
        assertFalse(FileDescriptors.jdkChannelsReachableFrom(withoutExport));
        var refused = assertThrows(IllegalStateException.class,
                () -> FileDescriptors.requireJdkChannelAccess(withoutExport));
        // On the module path the export goes to the library's own module, which the message names.
        assertTrue(refused.getMessage().contains("--add-exports java.base/sun.nio.ch=java.logging"), refused.getMessage());

        Module tests = ForkedAccessCheckTest.class.getModule(); // surefire passes the flag
        assertTrue(FileDescriptors.jdkChannelsReachableFrom(tests));
        FileDescriptors.requireJdkChannelAccess(tests);
    }

    @Test
    void aForkingServerStartedWithoutTheFlagFailsWhenBuilt() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                ForkedServerProcess.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, process.exitValue(), output);
            assertFalse(output.contains("PORT "), "the server must not start listening: " + output);
            assertTrue(output.contains("java.lang.IllegalStateException: forked mode needs access to socket descriptors")
                    && output.contains(FLAG), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
