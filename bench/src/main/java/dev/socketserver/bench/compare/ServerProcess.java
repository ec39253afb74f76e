package dev.socketserver.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a process of its own, so that its CPU is its own ({@code /proc/PID/stat}).
 * Its first line that names a port ({@code port N}, or serve's {@code ready ... address=HOST:N}) says
 * where it listens; its error output is appended to a log file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("^port (\\d+)$|address=\\S*:(\\d+)(\\s|$)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command} and waits for its port line; the process is gone when this throws. */
    static ServerProcess start(List<String> command, Path log) throws IOException {
        return start(command, Map.of(), log);
    }

    /** The same with {@code environment} added to this process's. */
    static ServerProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-stdout-" + process.pid()).start(() -> drain(process, ready));
        try {
            return new ServerProcess(process, ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            throw new IOException("server " + command + " did not say its port (see " + log + ")", e);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command, e);
        }
    }

    /** Reads the output to its end (a full pipe would stall the server); the first port line completes ready. */
    private static void drain(Process process, CompletableFuture<Integer> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = PORT.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
                }
            }
            ready.completeExceptionally(new IOException("server output ended before a port line"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
