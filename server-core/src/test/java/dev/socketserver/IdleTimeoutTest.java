package dev.socketserver;

import static dev.socketserver.TestHandlers.assertClosedByServer;
import static dev.socketserver.TestHandlers.connect;
import static dev.socketserver.TestHandlers.roundTrip;

import dev.socketserver.TestHandlers.Style;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
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
    /** For the talking client: long enough that a tenth of it is a wide margin on a loaded machine. */
    static final Duration TALKING_IDLE = Duration.ofSeconds(1);

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
        return server(mode, unix, style, IDLE);
    }

    private StreamServer server(Mode mode, boolean unix, Style style, Duration idle) throws Exception {
        ServerOptions options = TestHandlers.options(mode)
                .limits(Limits.builder().idleTimeout(idle).build()).build();
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
            int baseline = Fds.baseline();
            int logged = LogCapture.find(Level.INFO, "idle for 250ms").size(); // IDLE, as people write it (not PT0.25S)
            try (SocketChannel silent = connect(running.server.serverAddress())) {
                assertClosedByServer(silent); // blocks until the server gives up on it
            }
            LogCapture.awaitMore(logged, Level.INFO, "idle for 250ms");
            try (SocketChannel polite = connect(running.server.serverAddress())) {
                roundTrip(polite, "still serving");
            }
            Fds.awaitBackTo(baseline);
        }
    }

    /** THREADED runs the same code as VIRTUAL here: left out to keep the suite short. */
    static Stream<Arguments> talkingCases() {
        return cases().filter(args -> args.get()[0] != Mode.THREADED);
    }

    @ParameterizedTest(name = "{0} unix={1} {2}")
    @MethodSource("talkingCases")
    void aClientThatKeepsTalkingIsNotTakenForIdle(Mode mode, boolean unix, Style style) throws Exception {
        try (var running = Running.serve(server(mode, unix, style, TALKING_IDLE));
             SocketChannel client = connect(running.server.serverAddress())) {
            // Eleven lines, each after a tenth of the idle timeout (a slow machine has 90% of it to
            // spare per line): more than the timeout in all, so only progress keeps the connection.
            for (int i = 0; i < 11; i++) {
                LockSupport.parkNanos(TALKING_IDLE.toNanos() / 10); // the client's pace, not a wait for the server
                roundTrip(client, "line " + i);
            }
        }
    }
}
