package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;
import static org.junit.jupiter.api.Assertions.assertAll;

import dev.socketserver.TestHandlers.Style;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinylog.Level;

/** Slowloris: a connection that sends nothing for the idle timeout is closed, in every mode, transport and handler style. */
@Timeout(30)
class IdleTimeoutTest {

    static final Duration IDLE = Duration.ofMillis(250);
    /** For the talking client, against its 100 ms pace (see {@link #aClientThatKeepsTalkingIsNotTakenForIdle}). */
    static final Duration TALKING_IDLE = Duration.ofSeconds(5);
    static final Duration TALKING_PACE = Duration.ofMillis(100);

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (boolean unix : new boolean[] {false, true}) {
                for (Style style : Style.values()) {
                    cases.add(Arguments.of(mode, unix, style));
                }
            }
        }
        return cases.stream();
    }

    private StreamServer server(Mode mode, boolean unix, Style style) throws Exception {
        ServerOptions options = TestHandlers.options(mode)
                .limits(Limits.builder().idleTimeout(IDLE).build()).build();
        return unix
                ? new UnixStreamServer(dir.resolve("idle.sock"), style.handler, options)
                : new TcpServer(new InetSocketAddress("127.0.0.1", 0), style.handler, options);
    }

    @ParameterizedTest(name = "{0} unix={1} {2}")
    @MethodSource("cases")
    void silentClientIsClosedAndTheServerCarriesOn(Mode mode, boolean unix, Style style) throws Exception {
        try (var running = Running.serve(server(mode, unix, style))) {
            try (SocketChannel warmUp = connect(running.server.serverAddress())) {
                roundTrip(warmUp, "warm-up");
            }
            int baseline = Fds.baseline(running.server); // a forked server: once its pool is full
            int logged = LogCapture.find(Level.INFO, "idle for 250ms").size(); // IDLE, as people write it (not PT0.25S)
            try (SocketChannel silent = connect(running.server.serverAddress())) {
                assertClosedByServer(silent); // blocks until the server gives up on it
            }
            LogCapture.awaitMore(logged, Level.INFO, "idle for 250ms");
            try (SocketChannel polite = connect(running.server.serverAddress())) {
                roundTrip(polite, "still serving");
            }
            Fds.awaitBackTo(baseline, running.server);
        }
    }

    /** THREADED runs the same code as VIRTUAL here: left out to keep the suite short. */
    static Stream<Arguments> talkingCases() {
        return cases().filter(args -> args.get()[0] != Mode.THREADED);
    }

    /**
     * Every case at once, each on its own server and client thread: each talks for longer than
     * the idle timeout, so the cases take the timeout once in all rather than once each. A loaded
     * 2-core machine was seen to wake a thread sleeping 100 ms up to 0.64 s late (load 22), and a
     * gap the server sees holds a client wake-up and a server wake-up: the 5 s timeout is 50 times
     * the client's 100 ms pace and still several times two such stalls.
     */
    @Test
    @Timeout(120) // forked cases start a child JVM each, all at once on a loaded machine
    void aClientThatKeepsTalkingIsNotTakenForIdle() throws Exception {
        List<Arguments> cases = talkingCases().toList();
        Map<String, Thread> talkers = new LinkedHashMap<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch serving = new CountDownLatch(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Object[] args = cases.get(i).get();
            String name = args[0] + " unix=" + args[1] + " " + args[2];
            Path caseDir = Files.createDirectory(dir.resolve("talking-" + i)); // a socket path each
            talkers.put(name, Thread.ofPlatform().name("talker-" + i).start(() -> {
                try {
                    talkPastTheIdleTimeout((Mode) args[0], (boolean) args[1], (Style) args[2], caseDir, serving);
                } catch (Throwable t) {
                    failures.put(name, t);
                }
            }));
        }
        for (Thread talker : talkers.values()) {
            talker.join();
        }
        assertAll(talkers.keySet().stream().filter(failures::containsKey).map(name -> () -> {
            throw new AssertionError(name + ": " + failures.get(name), failures.get(name));
        }));
    }

    /**
     * Talks once every case's server is up and, forked, its warm pool started: the child JVMs'
     * starts (several CPU-seconds at once on 2 cores) are then over before any case's clock runs,
     * and each forked request goes to a waiting child.
     */
    private void talkPastTheIdleTimeout(Mode mode, boolean unix, Style style, Path caseDir, CountDownLatch serving)
            throws Exception {
        ServerOptions options = TestHandlers.options(mode)
                .limits(Limits.builder().idleTimeout(TALKING_IDLE).build()).build();
        StreamServer server = unix
                ? new UnixStreamServer(caseDir.resolve("idle.sock"), style.handler, options)
                : new TcpServer(new InetSocketAddress("127.0.0.1", 0), style.handler, options);
        boolean arrived = false;
        try (var running = Running.serve(server)) {
            ForkedTesting.awaitSettled(running.server);
            arrived = true;
            serving.countDown();
            serving.await(60, TimeUnit.SECONDS);
            talk(running.server);
        } finally {
            if (!arrived) {
                serving.countDown(); // failed before: the others need not wait for it
            }
        }
    }

    private static void talk(StreamServer server) throws Exception {
        try (SocketChannel client = connect(server.serverAddress())) {
            roundTrip(client, "first"); // the handler runs: its idle guard is armed from here on
            long since = System.nanoTime();
            // A line every 100 ms until the connection has outlived the idle timeout by a second:
            // only the progress each line makes keeps it open.
            for (int i = 0; System.nanoTime() - since < TALKING_IDLE.plusSeconds(1).toNanos(); i++) {
                LockSupport.parkNanos(TALKING_PACE.toNanos()); // the client's pace, not a wait for the server
                roundTrip(client, "line " + i);
            }
        }
    }
}
