package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Makefile's {@code run} target: a server stopped the usual ways ends without make's
 * {@code *** [Makefile:…] Error}/{@code Interrupt} line, while a real failure still fails. Each
 * test starts the real {@code make run} (about a JVM start) and stops it within a minute.
 *
 * <p>GNU make, itself signalled, re-raises the signal once its recipe has ended: after Ctrl-C the
 * caller sees make ended by SIGINT (status 130, which a shell reports with nothing), not 0. Only
 * a signal to the server alone ({@code kill PID}) leaves make to exit with status 0.
 */
@Timeout(180)
class MakeRunTest {

    private static final String MAKE_ERROR = "make: ***";

    @TempDir
    Path root; // served instead of ./sample-files: the test creates nothing in the repository

    /** INT: Ctrl-C in a terminal; TERM: {@code timeout make run}, or a supervisor stopping the group. */
    @ParameterizedTest(name = "SIG{0} to make''s process group")
    @CsvSource({"INT, 2", "TERM, 15"})
    void aSignalToTheGroupStopsTheServerWithoutAMakeError(String signal, int number) throws Exception {
        try (MakeRun run = MakeRun.start("--port 0 --root " + root)) {
            run.awaitReady();
            ProcessHandle server = run.server();
            run.signalGroup(signal);
            assertEquals(128 + number, run.awaitExit(), run::output); // make re-raised the signal: quiet in a shell
            assertFalse(run.output().contains(MAKE_ERROR), run::output);
            assertTrue(run.output().contains("socketserver serve: stopped"), run::output);
            assertFalse(server.onExit().get(10, TimeUnit.SECONDS).isAlive(), "the server's JVM is gone");
        }
    }

    @Test
    void sigtermToTheServerAloneEndsMakeWithStatusZero() throws Exception {
        try (MakeRun run = MakeRun.start("--port 0 --root " + root)) {
            run.awaitReady();
            assertTrue(run.server().destroy(), "SIGTERM sent to the server's JVM"); // as `kill PID` does
            assertEquals(0, run.awaitExit(), run::output);
            assertFalse(run.output().contains(MAKE_ERROR), run::output);
            assertTrue(run.output().contains("socketserver serve: stopped"), run::output);
        }
    }

    @Test
    void aBadFlagStillFailsMake() throws Exception {
        try (MakeRun run = MakeRun.start("--no-such-flag --root " + root)) {
            int status = run.awaitExit();
            assertNotEquals(0, status, run::output);
            assertTrue(run.output().contains("--no-such-flag"), run::output); // serve names the flag
            assertTrue(run.output().contains(MAKE_ERROR), run::output);
        }
    }
}
