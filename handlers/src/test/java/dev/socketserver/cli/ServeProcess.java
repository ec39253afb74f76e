package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code serve} in a process of its own, on a free port, as a user starts it; for tests. */
final class ServeProcess {

    private ServeProcess() {
    }

    /** The JVM flags a user gives {@code serve} on the class path (README). */
    static final List<String> JVM_FLAGS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    /** Starts {@code serve --port 0 --root ROOT FLAGS...}; its standard error goes to {@code dir/stderr.txt}. */
    static Process start(Path dir, Path root, String... flags) throws IOException {
        return start(JVM_FLAGS, dir, root, flags);
    }

    /** {@link #start(Path, Path, String...)} in a JVM started with {@code jvmFlags} instead of {@link #JVM_FLAGS}. */
    static Process start(List<String> jvmFlags, Path dir, Path root, String... flags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--root", root.toString()));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // forked children's AOT cache
        return builder.start();
    }

    /** Reads the ready line and gives the address it names. */
    static InetSocketAddress readyAddress(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        Matcher port = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(ready));
        assertTrue(port.find(), "ready line: " + ready);
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
    }
}
