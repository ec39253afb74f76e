package dev.socketserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * A {@link ScaleServerMain} running in a child JVM, driven through its standard input and output.
 * The child gets the same JDK, class path and module flags as this JVM.
 */
final class ScaleServerProcess implements AutoCloseable {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;

    private ScaleServerProcess(Process process) throws IOException {
        this.process = process;
        this.commands = process.getOutputStream();
        Thread.ofPlatform().daemon().name("scale-server-stdout").start(this::readLines);
        this.port = Integer.parseInt(reply("port ").substring("port ".length()));
    }

    static ScaleServerProcess start(String mode, Path root) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dtinylog.writer.level=warn", "-Dtinylog.writer.stream=err",
                "-cp", System.getProperty("java.class.path"),
                ScaleServerMain.class.getName(), mode, root.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ScaleServerProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            Logger.debug(e, "scale server output ended");
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Asks the server for its memory and threads. */
    ServerStats stats() throws IOException {
        commands.write("stats\n".getBytes(StandardCharsets.UTF_8));
        commands.flush();
        return ServerStats.parse(reply("stats "));
    }

    private String reply(String prefix) throws IOException {
        try {
            long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
            @Nullable String line = null;
            // Poll in slices so that a child that died (say, a class missing) fails the trial at once.
            while (line == null && process.isAlive() && System.nanoTime() < deadline) {
                line = lines.poll(100, TimeUnit.MILLISECONDS);
            }
            if (line == null) {
                line = lines.poll(); // printed just before it exited
            }
            if (line == null || !line.startsWith(prefix)) {
                throw new IOException("scale server (pid " + process.pid() + ", alive " + process.isAlive()
                        + ") answered '" + line + "', expected '" + prefix + "…' within " + REPLY_TIMEOUT);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the scale server", e);
        }
    }

    /** Ends the child by closing its standard input; kills it if it does not exit in 30 s. */
    @Override
    public void close() {
        try {
            commands.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                Logger.warn("scale server pid {} did not exit; killing it", process.pid());
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the scale server", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
