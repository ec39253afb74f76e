package dev.socketserver.dispatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.tinylog.Logger;

/**
 * Copies a child's standard output and error into the server's log, line by line, each in a
 * virtual thread that ends when the child closes the pipe. The pipes are always drained, so a
 * talkative child never blocks on a full pipe.
 */
final class ForkedOutputRelay {

    private ForkedOutputRelay() {
    }

    /** Starts relaying both streams of {@code process}, which serves {@code client}. */
    static void start(Process process, SocketAddress client) {
        long pid = process.pid();
        relay(process.getInputStream(), pid, client, false);
        relay(process.getErrorStream(), pid, client, true);
    }

    private static void relay(InputStream stream, long pid, SocketAddress client, boolean stderr) {
        Thread.ofVirtual().name("socketserver-child-" + pid + (stderr ? "-stderr" : "-stdout")).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (stderr) {
                        Logger.warn("child {} ({}): {}", pid, client, line);
                    } else {
                        Logger.info("child {} ({}): {}", pid, client, line);
                    }
                }
            } catch (IOException e) {
                Logger.debug(e, "reading the output of child {} failed", pid);
            }
        });
    }
}
