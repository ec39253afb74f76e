package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A forking server in a JVM of its own ({@link ForkedServerProcess}): its children end when it is
 * killed with SIGKILL; a failing child's exit status and every child's output reach its log, with
 * the client's address, and never the client.
 */
@Timeout(60)
class ForkedServerProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * Children started for their request, and children of the pool that took one (a waiting child learns of its
     * server's death from its private channel; a busy one from its parent watch).
     */
    @ParameterizedTest(name = "warm children: {0}")
    @ValueSource(strings = {"0", "2"})
    void childrenEndWhenTheServerIsKilled(String warm) throws Exception {
        try (ServerProcess server = ServerProcess.start(warm)) {
            List<Long> waiting = warm.equals("0") ? List.of() : java.util.Arrays.stream(
                    server.awaitLine(text -> text.startsWith("WAITING ")).substring(8).split(",")).map(Long::parseLong).toList();
            try (SocketChannel first = server.connect("hold");
                 SocketChannel second = server.connect("hold")) {
                childrenEndWhenKilled(server, first, second, waiting);
            }
        }
    }

    private static void childrenEndWhenKilled(ServerProcess server, SocketChannel first, SocketChannel second,
                                              List<Long> waiting) throws Exception {
        long firstPid = Long.parseLong(readLine(first));
        long secondPid = Long.parseLong(readLine(second));
        if (!waiting.isEmpty()) {
            assertEquals(java.util.Set.copyOf(waiting), java.util.Set.of(firstPid, secondPid),
                    "both requests went to the children that waited for them");
        }
        assertEquals(List.of(true, true), List.of(ForkedTesting.isRunning(firstPid), ForkedTesting.isRunning(secondPid)));

        server.process().destroyForcibly(); // SIGKILL: no shutdown hook, no serverClose
        server.process().waitFor();

        ForkedTesting.await(() -> !ForkedTesting.isRunning(firstPid) && !ForkedTesting.isRunning(secondPid),
                Duration.ofSeconds(10), "both children end after their server was killed");
        assertEquals(0, TestIo.readAll(first).length, "the client sees the connection end");
        assertEquals(0, TestIo.readAll(second).length);
    }

    @Test
    void waitingChildrenEndWhenTheServerIsKilled() throws Exception {
        try (ServerProcess server = ServerProcess.start("2")) {
            String line = server.awaitLine(text -> text.startsWith("WAITING "));
            List<Long> waiting = java.util.Arrays.stream(line.substring(8).split(",")).map(Long::parseLong).toList();
            assertEquals(2, waiting.size(), line);
            server.process().destroyForcibly(); // SIGKILL: no serverClose to end them
            server.process().waitFor();
            ForkedTesting.await(() -> waiting.stream().noneMatch(ForkedTesting::isRunning), Duration.ofSeconds(10),
                    "the waiting children end after their server was killed");
        }
    }

    /** With a pool of 0 (a child started per request) and of 1 (the failing request goes to a child that waited for it). */
    @ParameterizedTest(name = "warm children: {0}")
    @ValueSource(strings = {"0", "1"})
    void exitStatusAndOutputGoToTheServerLog(String warm) throws Exception {
        try (ServerProcess server = ServerProcess.start(warm)) {
            if (!warm.equals("0")) {
                server.awaitLine(line -> line.startsWith("WAITING "));
            }
            String failingClient;
            try (SocketChannel client = server.connect("fail")) {
                failingClient = client.getLocalAddress().toString();
                assertEquals(0, TestIo.readAll(client).length, "a failing child just closes the connection");
            }
            server.awaitLine(line -> line.contains("exited with status 1") && line.contains(failingClient));
            server.awaitLine(line -> line.contains("(" + failingClient + "): ERROR: request from " + failingClient + " failed"));

            try (SocketChannel client = server.connect("chat")) {
                String chatClient = client.getLocalAddress().toString();
                assertEquals("ok", new String(TestIo.readAll(client), StandardCharsets.UTF_8),
                        "what the child prints never reaches the client");
                for (String printed : List.of("printed to stdout", "printed to stderr", "WARN: logged with tinylog")) {
                    server.awaitLine(line -> line.contains("(" + chatClient + "): " + printed));
                }
            }
            assertFalse(server.lines().stream().anyMatch(line -> line.contains("exited with status 0")),
                    "a successful child is not reported");
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (channel.read(one.clear()) > 0 && one.get(0) != '\n') {
            line.append((char) one.get(0));
        }
        return line.toString();
    }

    /** The server JVM, with every line it logs collected. */
    record ServerProcess(Process process, int port, LinkedBlockingQueue<String> queue, List<String> lines)
            implements AutoCloseable {

        static ServerProcess start(String... args) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED",
                    // The lines checked include INFO ones: whatever tinylog file the tests carry.
                    "-Dtinylog.writer=console", "-Dtinylog.writer.level=info",
                    "-cp", System.getProperty("java.class.path"),
                    ForkedServerProcess.class.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .start();
            LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Thread.ofVirtual().name("server-process-log").start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(queue::add);
                } catch (IOException e) {
                    queue.add("(reading the server's log failed: " + e + ")");
                }
            });
            var server = new ServerProcess(process, 0, queue, new java.util.concurrent.CopyOnWriteArrayList<>());
            String portLine = server.awaitLine(line -> line.startsWith("PORT "));
            return new ServerProcess(process, Integer.parseInt(portLine.substring(5)), queue, server.lines());
        }

        SocketChannel connect(String command) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return channel;
        }

        /** Waits for a logged line that matches (lines seen earlier count too). */
        String awaitLine(Predicate<String> wanted) throws InterruptedException {
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String line = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("the server did not log the expected line within " + WAIT + "; it logged:\n"
                            + String.join("\n", lines));
                }
                lines.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
