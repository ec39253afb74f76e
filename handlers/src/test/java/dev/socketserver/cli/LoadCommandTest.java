package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.handlers.FileDownloadHandler;
import dev.socketserver.handlers.RunningServer;
import dev.socketserver.handlers.SampleRoot;
import dev.socketserver.cli.MainTest.Run;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code load}, run in-process against an in-process server: counts and shapes, never speed. */
@Timeout(60)
class LoadCommandTest {

    private static final Pattern SUMMARY = Pattern.compile("requests=(\\d+) rate=([0-9.]+)/s p50=([0-9.]+)ms"
            + " p90=([0-9.]+)ms p99=([0-9.]+)ms p99\\.9=([0-9.]+)ms max=([0-9.]+)ms errors=(\\d+)");
    private static final Pattern JSON = Pattern.compile("\\{\"loop\":\"open\",\"connection\":\"new\",\"clients\":2,"
            + "\"target_rate\":40\\.0,\"seconds\":([0-9.]+),\"requests\":(\\d+),\"rate\":[0-9.]+,\"p50_ms\":[0-9.]+,"
            + "\"p90_ms\":[0-9.]+,\"p99_ms\":[0-9.]+,\"p99_9_ms\":[0-9.]+,\"max_ms\":[0-9.]+,\"errors\":(\\d+)}");

    @TempDir
    Path dir;

    Path root;
    RunningServer<TcpServer> server;

    @BeforeEach
    void start() throws IOException {
        root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        server = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                ServerOptions.builder().mode(Mode.VIRTUAL).handlerConfig(HandlerConfig.of("root", root.toString())).build()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private String port() {
        return Integer.toString(server.server().serverAddress().getPort());
    }

    @Test
    void aClosedLoopForASecondAnswersRequestsWithoutErrors() {
        Run run = MainTest.run("load", "--port", port(), "--duration", "1", "--clients", "2", SampleRoot.RANDOM);
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        Matcher summary = SUMMARY.matcher(run.out().strip());
        assertTrue(summary.matches(), "one summary line, not on a terminal no progress:\n" + run.out());
        assertTrue(Long.parseLong(summary.group(1)) > 0, run.out());
        assertEquals("0", summary.group(8), run.out());
        double[] percentiles = Stream.of(3, 4, 5, 6, 7).mapToDouble(g -> Double.parseDouble(summary.group(g))).toArray();
        for (int i = 1; i < percentiles.length; i++) {
            assertTrue(percentiles[i - 1] <= percentiles[i], "p50 <= p90 <= p99 <= p99.9 <= max: " + run.out());
        }
        assertTrue(percentiles[0] > 0, run.out());
    }

    /**
     * 40 requests a second for one second: never more than are due, and not sooner than they are due
     * (the last at 0.975 s), whatever the machine's speed.
     */
    @Test
    void anOpenLoopOverNewConnectionsSendsNoMoreThanAreDue() {
        Run run = MainTest.run("load", "--port", port(), "--duration", "1", "--clients", "2", "--rate", "40",
                "--connection", "new", "--json", SampleRoot.SMALL);
        assertEquals(0, run.status(), run.err());
        Matcher json = JSON.matcher(run.out().strip());
        assertTrue(json.matches(), "one JSON line:\n" + run.out());
        assertTrue(Double.parseDouble(json.group(1)) >= 0.9, "paced over the second: " + run.out());
        long requests = Long.parseLong(json.group(2));
        assertTrue(requests > 0 && requests <= 40, "requests due in 1 s at 40/s: " + requests);
        assertEquals("0", json.group(3));
    }

    static Stream<List<String>> badCommandLines() {
        return Stream.of(
                List.of("load"),
                List.of("load", "--rate", "0", "x"),
                List.of("load", "--rate", "-5", "x"),
                List.of("load", "--rate", "NaN", "x"),
                List.of("load", "--rate", "fast", "x"),
                List.of("load", "--clients", "0", "x"),
                List.of("load", "--duration", "0", "x"),
                List.of("load", "--connection", "pooled", "x"),
                List.of("load", "--port", "99999", "x"),
                List.of("load", "--path", "s.sock", "--port", "1", "x"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineAndStatus2(List<String> args) {
        Run run = MainTest.run(args.toArray(String[]::new));
        assertEquals(2, run.status(), args + ": " + run.err());
        assertEquals(1, run.errLines().size(), args + ": " + run.err());
        assertTrue(run.err().startsWith("socketserver load: "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals(List.of("socketserver load: --rate must be a positive number of requests per second, got 0.0 (see --help)"),
                MainTest.run("load", "--rate", "0", "x").errLines());
        assertEquals(List.of("socketserver load: Invalid value for option '--connection': unknown connection policy"
                + " 'pooled'; expected one of kept, new (see --help)"), MainTest.run("load", "--connection", "pooled", "x").errLines());
    }

    @Test
    void anUnreachableServerIsOneLineAndStatus1() throws IOException {
        int closedPort;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Run run = MainTest.run("load", "--port", Integer.toString(closedPort), "--duration", "1", "x");
        assertEquals(1, run.status());
        assertEquals(List.of("socketserver load: cannot connect to 127.0.0.1:" + closedPort + ": Connection refused"),
                run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void aRefusedFileIsOneLineAndStatus1() {
        Run run = MainTest.run("load", "--port", port(), "--duration", "1", "nope.txt");
        assertEquals(1, run.status());
        assertEquals(List.of("socketserver load: the first request failed: server refused: no such file: nope.txt"),
                run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void aServerThatAnswersGarbageIsOneLineAndStatus1() throws Exception {
        try (ScriptedServer garbage = new ScriptedServer(n -> "HTTP/1.1 400 Bad Request\r\n\r\n")) {
            Run run = MainTest.run("load", "--port", garbage.port(), "--duration", "1", "index.html");
            assertEquals(1, run.status());
            assertEquals(List.of("socketserver load: the first request failed: unexpected reply from the server:"
                    + " 'HTTP/1.1 400 Bad Request'"), run.errLines());
            assertEquals("", run.out());
        }
    }

    /** The first exchange is right, every later one garbage: the run's failures are counted and named. */
    @Test
    void failuresDuringTheRunAreCountedAndStatus1() throws Exception {
        try (ScriptedServer spoiled = new ScriptedServer(n -> n == 0 ? null : "garbage\n")) {
            Run run = MainTest.run("load", "--port", spoiled.port(), "--duration", "0.5", "--clients", "1",
                    "--rate", "20", "--connection", "new", "five.txt");
            assertEquals(1, run.status(), run.err());
            Matcher summary = SUMMARY.matcher(run.out().strip());
            assertTrue(summary.matches(), run.out());
            assertEquals("0", summary.group(1), "no request after the first was answered: " + run.out());
            long errors = Long.parseLong(summary.group(8));
            assertTrue(errors > 0 && errors <= 10, "at most the 10 due in 0.5 s at 20/s: " + run.out());
            assertEquals(List.of("socketserver load: " + errors + " requests failed; the first: unexpected reply from the"
                    + " server: 'garbage'"), run.errLines());
        }
    }

    /**
     * The server stalls 400 ms once, in an open loop of a request every 50 ms: the requests due
     * during the stall wait behind it, and their latencies count from when they were due, so more
     * than the slowest tenth of the requests take 100 ms or more. Timed from when each was sent,
     * only the stalled one would.
     */
    @Test
    void anOpenLoopCountsTheWaitBehindAStall() throws Exception {
        try (ScriptedServer stalling = new ScriptedServer(n -> null, 3, Duration.ofMillis(400))) {
            Run run = MainTest.run("load", "--port", stalling.port(), "--duration", "1", "--clients", "1",
                    "--rate", "20", "--connection", "new", "five.txt");
            assertEquals(0, run.status(), run.err());
            Matcher summary = SUMMARY.matcher(run.out().strip());
            assertTrue(summary.matches(), run.out());
            assertTrue(Double.parseDouble(summary.group(4)) >= 100, "p90 includes the wait: " + run.out());
        }
    }

    /**
     * A server that stops answering: the run ends at its duration plus one timeout, with one
     * error, instead of waiting out a timeout for each of the 50 requests due in the meantime.
     */
    @Test
    void anOpenLoopBehindAHungServerStopsAtTheEnd() throws Exception {
        try (ScriptedServer hung = new ScriptedServer(n -> n == 0 ? null : ScriptedServer.HANG)) {
            Run run = MainTest.run("load", "--port", hung.port(), "--duration", "0.5", "--clients", "1",
                    "--rate", "100", "--connection", "new", "--timeout", "1", "five.txt");
            assertEquals(1, run.status(), run.err());
            Matcher summary = SUMMARY.matcher(run.out().strip());
            assertTrue(summary.matches(), run.out());
            assertEquals("1", summary.group(8), "one request hung, the rest were never sent: " + run.out());
            assertTrue(run.err().contains("1 requests failed; the first: "), run.err());
        }
    }

    /**
     * A server for one connection at a time that answers connection {@code n} with
     * {@code reply.apply(n)} and closes; null means a correct exchange for a five-byte file,
     * {@link #HANG} no answer until the client gives up.
     */
    private static final class ScriptedServer implements AutoCloseable {

        static final String HANG = "";

        private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

        private final ServerSocketChannel listener;
        private final Thread thread;
        private final AtomicInteger connections = new AtomicInteger();
        private final int stalled;
        private final Duration stall;

        ScriptedServer(IntFunction<@Nullable String> reply) throws IOException {
            this(reply, -1, Duration.ZERO);
        }

        /** Waits {@code stall} before it accepts connection {@code stalled} (counted from 0). */
        ScriptedServer(IntFunction<@Nullable String> reply, int stalled, Duration stall) throws IOException {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            this.stalled = stalled;
            this.stall = stall;
            thread = Thread.ofPlatform().name("scripted-server").start(() -> serve(reply));
        }

        String port() throws IOException {
            return Integer.toString(((InetSocketAddress) listener.getLocalAddress()).getPort());
        }

        private void serve(IntFunction<String> reply) {
            try {
                while (true) {
                    if (connections.get() == stalled) {
                        Thread.sleep(stall); // the behaviour under test: a server that stops for a while
                    }
                    try (SocketChannel client = listener.accept()) {
                        answer(client, reply.apply(connections.getAndIncrement()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AsynchronousCloseException e) {
                assertTrue(!listener.isOpen(), "closed by close()");
            } catch (IOException e) {
                throw new AssertionError("scripted server failed", e);
            }
        }

        private static void answer(SocketChannel client, @Nullable String reply) throws IOException {
            ByteBuffer command = ByteBuffer.allocate(1024);
            client.read(command);
            if (HANG.equals(reply)) {
                while (client.read(command.clear()) >= 0) {
                    command.clear(); // whatever the client sends, until it closes
                }
                return;
            }
            if (reply != null) {
                client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                return;
            }
            client.write(ByteBuffer.wrap(Integer.toString(BODY.length).getBytes(StandardCharsets.US_ASCII)));
            client.read(command.clear()); // the acknowledgement
            client.write(ByteBuffer.wrap(BODY));
            client.write(ByteBuffer.wrap(SampleRoot.md5(BODY).getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void close() throws IOException, InterruptedException {
            listener.close();
            thread.join();
        }
    }
}
