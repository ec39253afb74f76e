package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code serve --fork-pool N} and {@code --requests-per-child N}: a bad value is a usage error naming
 * the flag, before any socket is bound.
 */
class ServeForkPoolTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"-1", "41", "x"})
    void aBadPoolSizeIsAUsageErrorNamingTheFlag(String value) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        int status = commandLine.execute("serve", "--mode", "forked", "--port", "0", "--root", dir.toString(),
                "--fork-pool", value);
        assertEquals(Main.USAGE, status, err.toString());
        assertTrue(err.toString().contains("--fork-pool") && err.toString().contains(value), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "x"})
    void aBadRequestsPerChildIsAUsageErrorNamingTheFlag(String value) {
        String err = usageError("--requests-per-child", value);
        assertTrue(err.contains("--requests-per-child") && err.contains(value), err);
    }

    @org.junit.jupiter.api.Test
    void moreThanOneRequestPerChildWithoutAPoolIsAUsageError() {
        String err = usageError("--fork-pool", "0", "--requests-per-child", "5");
        assertTrue(err.contains("--requests-per-child 5") && err.contains("warmChildren is 0"), err);
    }

    private String usageError(String... flags) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--mode", "forked",
                "--port", "0", "--root", dir.toString()));
        args.addAll(java.util.List.of(flags));
        int status = commandLine.execute(args.toArray(String[]::new));
        assertEquals(Main.USAGE, status, err.toString());
        return err.toString();
    }
}
