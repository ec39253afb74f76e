package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code make run} started as a user starts it: the repository's real Makefile, in a session and
 * process group of its own (as a terminal's foreground job), with SIGINT and SIGTERM at their
 * defaults (a build run in the background may have them ignored, which children inherit). The JDK
 * is the one running the tests, found by the Makefile through {@code JAVA_HOME}
 * ({@code scripts/find-jdk}); the jar is the one this build packaged ({@code --assume-old}: make
 * never rebuilds it from inside a test).
 */
final class MakeRun implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String JAR = "handlers/target/socketserver.jar";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    private final Process make;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread reader;

    private MakeRun(String args) throws IOException {
        assertTrue(Files.isRegularFile(ROOT.resolve("Makefile")), "the repository's Makefile, from " + ROOT);
        assertTrue(Files.isRegularFile(ROOT.resolve(JAR)), JAR + " is built before bench's tests (./mvnw install)");
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", "env", "--default-signal=INT,TERM",
                "make", "--no-print-directory", "-C", ROOT.toString(), "--assume-old=" + JAR, "run", "ARGS=" + args))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // Under `make test` these are the outer make's; its jobserver descriptors are not ours.
        env.remove("MAKEFLAGS");
        env.remove("MFLAGS");
        env.remove("MAKELEVEL");
        make = builder.start();
        make.getOutputStream().close();
        reader = Thread.ofPlatform().name("make-run-output").daemon().start(this::readOutput);
    }

    /** Starts {@code make run ARGS="args"}. */
    static MakeRun start(String args) throws IOException {
        return new MakeRun(args);
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(make.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("ready ")) {
                    ready.complete(null); // serve's line once it listens
                }
            }
        } catch (IOException e) {
            output.append("(reading make's output failed: ").append(e).append(")\n");
        } finally {
            ready.complete(null); // ended without it: awaitReady sees make gone
        }
    }

    /** Waits for serve's {@code ready} line. */
    void awaitReady() throws InterruptedException, ExecutionException {
        try {
            ready.get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("make run printed no ready line within " + READY_WITHIN + ":\n" + output);
        }
        assertTrue(make.isAlive() && output.indexOf("ready ") >= 0, () -> "make run did not get to serve:\n" + output);
    }

    /** The server's JVM: make's descendant running java. */
    ProcessHandle server() {
        return make.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java under make " + make.pid() + ":\n" + output));
    }

    /** Sends {@code signal} to make's process group: what Ctrl-C (INT) does to a terminal's foreground job. */
    void signalGroup(String signal) throws IOException, InterruptedException {
        long group = processGroup(make.pid());
        assertEquals(make.pid(), group, "setsid made make a group leader");
        assertNotEquals(processGroup(ProcessHandle.current().pid()), group, "never our own group");
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + group).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " -" + group);
    }

    /** Waits for make to end: its exit status (128 + N when a signal N ended it). */
    int awaitExit() throws InterruptedException {
        if (!make.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            fail("make run did not end within " + EXIT_WITHIN + ":\n" + output);
        }
        reader.join(Duration.ofSeconds(10));
        return make.exitValue();
    }

    /** What make and serve printed (standard output and error). */
    String output() {
        return output.toString();
    }

    /** Ends whatever is left (a failed test): make's descendants and make, by their ids. */
    @Override
    public void close() {
        make.descendants().forEach(ProcessHandle::destroyForcibly);
        make.destroyForcibly();
    }

    /** The process group of {@code pid}, from {@code /proc/PID/stat} (Linux). */
    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterName[2]); // state, ppid, pgrp
    }
}
