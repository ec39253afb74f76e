package dev.socketserver.fork;

import dev.socketserver.Printable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * Copies a child's standard output and error into the server's log, line by line, each in a
 * virtual thread that ends when the child closes the pipe. The pipes are always drained, so a
 * talkative child never blocks on a full pipe.
 */
final class ForkedOutputRelay {

    private ForkedOutputRelay() {
    }

    /**
     * What a training child's JVM prints about making the AOT cache, whatever {@code -Xlog} says:
     * JDK 25 prints these with {@code tty}, and the process it starts to write the cache reports
     * the {@code JAVA_TOOL_OPTIONS} it was given (on standard error, with the whole class path).
     * Routine, so logged at DEBUG.
     */
    private static final Pattern AOT_TRAINING_NOISE = Pattern.compile("^(Picked up JAVA_TOOL_OPTIONS: "
            + "|Temporary AOTConfiguration recorded: |\\s*AOTConfiguration recorded: |Launching child process .* to assemble AOT cache "
            + "|Reading AOTConfiguration |AOTCache creation is complete: |Removed temporary AOT configuration file )");

    /**
     * Starts relaying both streams of {@code process}, which serves {@code client}.
     *
     * @param training whether the child makes the AOT cache (its JVM's messages about it go to DEBUG)
     */
    static void start(Process process, SocketAddress client, boolean training) {
        String shown = Printable.of(client);
        start(process, () -> shown, training);
    }

    /**
     * The same for a child whose client is not known yet (a waiting child of the pool):
     * {@code shown} says, for each line, what the child is doing.
     */
    static void start(Process process, Supplier<String> shown, boolean training) {
        long pid = process.pid();
        relay(process.getInputStream(), pid, shown, false, training);
        relay(process.getErrorStream(), pid, shown, true, training);
    }

    private static void relay(InputStream stream, long pid, Supplier<String> shown, boolean stderr, boolean training) {
        Thread.ofVirtual().name("socketserver-child-" + pid + (stderr ? "-stderr" : "-stdout")).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (training && AOT_TRAINING_NOISE.matcher(line).find()) {
                        Logger.debug("child {} ({}): {}", pid, shown.get(), line);
                    } else if (stderr) {
                        Logger.warn("child {} ({}): {}", pid, shown.get(), line);
                    } else {
                        Logger.info("child {} ({}): {}", pid, shown.get(), line);
                    }
                }
            } catch (IOException e) {
                Logger.debug(e, "reading the output of child {} failed", pid);
            }
        });
    }
}
