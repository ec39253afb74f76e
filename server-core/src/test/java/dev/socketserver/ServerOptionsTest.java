package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.fork.CarriedLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The option values: CPython's defaults, validation with the bad value named, and the handler configuration's string form. */
@Timeout(10)
class ServerOptionsTest {

    @Test
    void defaultsAreCPythons() {
        ServerOptions options = ServerOptions.defaults();
        assertEquals(Mode.SYNC, options.mode(), "TCPServer handles requests inline");
        assertFalse(options.allowReuseAddress());
        assertFalse(options.allowReusePort());
        assertEquals(5, options.requestQueueSize());
        assertNull(options.timeout());
        assertFalse(options.daemonThreads());
        assertTrue(options.blockOnClose());
        assertNull(options.closeGrace(), "wait as long as requests take");
        assertEquals(8192, options.maxPacketSize());
        assertFalse(options.replaceStaleSocket());
        assertTrue(options.handlerConfig().values().isEmpty());
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL).requestQueueSize(128)
                .timeout(Duration.ofSeconds(3)).build();
        assertEquals(Mode.VIRTUAL, options.mode());
        assertEquals(128, options.requestQueueSize());
        assertEquals(Duration.ofSeconds(3), options.timeout());
        assertEquals(options, options.toBuilder().build());
        assertEquals(ServerOptions.defaults().maxPacketSize(), options.maxPacketSize());
        assertEquals(Mode.THREADED, options.withMode(Mode.THREADED).mode());
        assertEquals(128, options.withMode(Mode.THREADED).requestQueueSize());
    }

    @Test
    void badValuesAreRefusedNamingTheValue() {
        assertRefused("requestQueueSize", "-1", () -> ServerOptions.builder().requestQueueSize(-1).build());
        assertRefused("maxPacketSize", "0", () -> ServerOptions.builder().maxPacketSize(0).build());
        assertRefused("maxPacketSize", "65537", () -> ServerOptions.builder().maxPacketSize(65_537).build());
        assertRefused("timeout", "PT-1S", () -> ServerOptions.builder().timeout(Duration.ofSeconds(-1)).build());
        assertRefused("closeGrace", "PT-1S", () -> ServerOptions.builder().closeGrace(Duration.ofSeconds(-1)).build());
    }

    /** A forked child enforces the request timeout itself: it crosses with the handler configuration. */
    @Test
    void theRequestTimeoutCrossesToAForkedChild() {
        HandlerConfig config = HandlerConfig.of("root", "/srv");
        assertEquals(Limits.DEFAULT_REQUEST_TIMEOUT, Limits.defaults().requestTimeout());
        for (Duration timeout : java.util.Arrays.asList(Duration.ofMillis(1500), null)) {
            Limits limits = Limits.defaults().withRequestTimeout(timeout).withIdleTimeout(Duration.ofSeconds(5));
            HandlerConfig carried = CarriedLimits.carriedIn(limits, config);
            assertEquals(timeout, CarriedLimits.carriedBy(carried).requestTimeout());
            assertEquals(Duration.ofSeconds(5), CarriedLimits.carriedBy(carried).idleTimeout());
            assertEquals(config, CarriedLimits.withoutCarried(carried));
        }
        assertRefused("requestTimeout", "PT0S", () -> Limits.defaults().withRequestTimeout(Duration.ZERO));
    }

    @Test
    void modesParseFromTheirFlags() {
        for (Mode mode : Mode.values()) {
            assertEquals(mode, Mode.parse(mode.flag()));
            assertEquals(mode, Mode.parse(" " + mode.flag().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        var error = assertThrows(IllegalArgumentException.class, () -> Mode.parse("bogus"));
        assertTrue(error.getMessage().contains("'bogus'") && error.getMessage().contains("virtual"), error.getMessage());
    }

    @Test
    void handlerConfigCrossesAsKeyValueStrings() {
        HandlerConfig config = HandlerConfig.of("root", "/srv/files", "motd", "a=b c");
        List<String> args = config.toArgs();
        assertEquals(List.of("motd=a=b c", "root=/srv/files"), args, "sorted key=value, the value kept whole");
        assertEquals(config, HandlerConfig.fromArgs(args));
        assertEquals("/srv/files", config.require("root"));
        var missing = assertThrows(IllegalStateException.class, () -> config.require("port"));
        assertTrue(missing.getMessage().contains("'port'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HandlerConfig.of("a=b", "x"));
        assertThrows(IllegalArgumentException.class, () -> HandlerConfig.of("", "x"));
        assertThrows(IllegalArgumentException.class, () -> HandlerConfig.of("odd"));
        assertThrows(IllegalArgumentException.class, () -> HandlerConfig.fromArgs(List.of("novalue")));
    }

    private static void assertRefused(String name, String value, Executable build) {
        var error = assertThrows(IllegalArgumentException.class, build);
        assertTrue(error.getMessage().contains(name) && error.getMessage().contains(value), error.getMessage());
    }
}
