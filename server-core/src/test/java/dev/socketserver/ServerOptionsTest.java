package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        assertEquals(Mode.THREADED, options.toBuilder().mode(Mode.THREADED).build().mode());
        assertEquals(128, options.toBuilder().mode(Mode.THREADED).build().requestQueueSize());
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
            Limits limits = Limits.builder().requestTimeout(timeout).idleTimeout(Duration.ofSeconds(5)).build();
            HandlerConfig carried = CarriedLimits.carriedIn(limits, config);
            assertEquals(timeout, CarriedLimits.carriedBy(carried).requestTimeout());
            assertEquals(Duration.ofSeconds(5), CarriedLimits.carriedBy(carried).idleTimeout());
            assertEquals(config, CarriedLimits.withoutCarried(carried));
        }
        assertRefused("requestTimeout", "PT0S", () -> Limits.builder().requestTimeout(Duration.ZERO).build());
    }

    @Test
    void limitsAndForkOptionsAreRefusedNamingTheValue() {
        assertRefused("maxConnections", "0", () -> Limits.builder().maxConnections(0).build());
        assertRefused("idleTimeout", "PT0S", () -> Limits.builder().idleTimeout(Duration.ZERO).build());
        assertRefused("maxCommandLength", "0", () -> Limits.builder().maxCommandLength(0).build());
        assertRefused("maxChildren", "0", () -> ForkOptions.builder().maxChildren(0).build());
        assertRefused("classPath", "", () -> ForkOptions.builder().classPath(" ").build());
    }

    @Test
    void theOnlyWayToBuildIsTheBuilder() {
        for (Class<?> type : List.of(ServerOptions.class, Limits.class, ForkOptions.class)) {
            assertEquals(0, type.getConstructors().length, type + " has no public constructor");
            assertTrue(java.lang.reflect.Modifier.isFinal(type.getModifiers()), type + " is final");
        }
        assertThrows(NullPointerException.class, () -> ServerOptions.builder().mode(null));
        assertThrows(NullPointerException.class, () -> ServerOptions.builder().limits(null));
        assertThrows(NullPointerException.class, () -> Limits.builder().allow(null));
        assertThrows(NullPointerException.class, () -> ForkOptions.builder().javaCommand(null));
    }

    @Test
    void optionsAreValuesWithEqualsAndToString() {
        Limits limits = Limits.builder().maxConnections(7).idleTimeout(Duration.ofSeconds(2)).build();
        ForkOptions fork = ForkOptions.builder().maxChildren(3).aotCacheDirectory(null).build();
        ServerOptions options = ServerOptions.builder().limits(limits).fork(fork).blockOnClose(false).build();
        ServerOptions same = ServerOptions.builder().limits(limits.toBuilder().build())
                .fork(fork.toBuilder().build()).blockOnClose(false).build();
        assertEquals(options, same);
        assertEquals(options.hashCode(), same.hashCode());
        assertNotEquals(options, same.toBuilder().blockOnClose(true).build());
        assertNotEquals(limits, limits.toBuilder().maxConnections(8).build());
        assertNotEquals(fork, fork.toBuilder().maxChildren(4).build());
        assertTrue(options.toString().contains("blockOnClose=false") && options.toString().contains("maxConnections=7")
                && options.toString().contains("maxChildren=3"), options.toString());
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
