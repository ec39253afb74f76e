package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code serve --socket-mode OCTAL}: the socket file's permissions, for both Unix transports (issue 9, point 1). */
@Timeout(60)
class ServeSocketModeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"unix", "unix-dgram"})
    void theSocketFileGetsTheModeAsked(String transport) throws Exception {
        Path socket = dir.resolve(transport + ".sock");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--transport", transport, "--path", socket.toString(), "--handler", "echo",
                "--socket-mode", "640")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(String.valueOf(ready).startsWith("ready "), "ready line: " + ready + "\n"
                    + Files.readString(dir.resolve("stderr.txt")));
            assertEquals("rw-r-----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "rw-r-----", "0o600", "12345", ""})
    void aBadModeIsAUsageErrorNamingTheFlag(String mode) {
        String err = usageError("--transport", "unix-dgram", "--path", dir.resolve("s").toString(), "--handler", "echo",
                "--socket-mode", mode);
        assertTrue(err.contains("--socket-mode") && err.contains("'" + mode + "'"), err);
    }

    @Test
    void aModeWithoutASocketFileIsAUsageError() {
        String err = usageError("--port", "0", "--handler", "echo", "--socket-mode", "600");
        assertTrue(err.contains("--socket-mode is for unix and unix-dgram"), err);
    }

    private static String usageError(String... serveArgs) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        List<String> args = new java.util.ArrayList<>(List.of("serve"));
        args.addAll(List.of(serveArgs));
        int status = commandLine.execute(args.toArray(String[]::new));
        assertEquals(Main.USAGE, status, err.toString());
        return err.toString();
    }
}
