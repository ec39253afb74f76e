package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transports' mode factories, CPython's {@code ThreadingTCPServer} and friends: they set the
 * mode, refuse options naming another, can leave binding to the caller, and a forked-mode server
 * shows its children whichever way it was made.
 */
@Timeout(60)
class ModeFactoriesTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path dir;

    /** One factory per transport and mode, as a test can call them all alike. */
    enum Factory {
        TCP, UDP, UNIX_STREAM, UNIX_DATAGRAM;

        BaseServer<?> make(Mode mode, Path dir, ServerOptions options, boolean bind) throws IOException {
            Path path = dir.resolve(name().toLowerCase(java.util.Locale.ROOT) + ".sock");
            var stream = EchoRoundTripTest.LineEcho.class;
            var datagram = EchoRoundTripTest.DatagramEcho.class;
            return switch (this) {
                case TCP -> switch (mode) {
                    case THREADED -> TcpServer.threading(LOOPBACK, stream, options, bind);
                    case VIRTUAL -> TcpServer.virtual(LOOPBACK, stream, options, bind);
                    default -> TcpServer.forking(LOOPBACK, stream, options, bind);
                };
                case UDP -> switch (mode) {
                    case THREADED -> UdpServer.threading(LOOPBACK, datagram, options, bind);
                    case VIRTUAL -> UdpServer.virtual(LOOPBACK, datagram, options, bind);
                    default -> UdpServer.forking(LOOPBACK, datagram, options, bind);
                };
                case UNIX_STREAM -> switch (mode) {
                    case THREADED -> UnixStreamServer.threading(path, stream, options, bind);
                    case VIRTUAL -> UnixStreamServer.virtual(path, stream, options, bind);
                    default -> UnixStreamServer.forking(path, stream, options, bind);
                };
                case UNIX_DATAGRAM -> switch (mode) {
                    case THREADED -> UnixDatagramServer.threading(path, datagram, options, bind);
                    case VIRTUAL -> UnixDatagramServer.virtual(path, datagram, options, bind);
                    default -> UnixDatagramServer.forking(path, datagram, options, bind);
                };
            };
        }

        Transport transport() {
            return switch (this) {
                case TCP -> Transport.TCP;
                case UDP -> Transport.UDP;
                case UNIX_STREAM -> Transport.UNIX_STREAM;
                case UNIX_DATAGRAM -> Transport.UNIX_DATAGRAM;
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Factory.class)
    void eachFactorySetsItsModeAndKeepsTheOtherOptions(Factory factory) throws Exception {
        for (Mode mode : new Mode[] {Mode.THREADED, Mode.VIRTUAL, Mode.FORKED}) {
            ServerOptions options = ServerOptions.builder().maxPacketSize(1234).build();
            try (BaseServer<?> server = factory.make(mode, dir, options, true)) {
                assertEquals(mode, server.options().mode());
                assertEquals(1234, server.options().maxPacketSize(), "the other options are kept");
                assertEquals(mode == Mode.FORKED, server.forkedChildren().isPresent(), mode + ": forked children");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Factory.class)
    void aConflictingModeIsRefusedNotOverwritten(Factory factory) throws Exception {
        ServerOptions virtual = ServerOptions.builder().mode(Mode.VIRTUAL).build();
        var error = assertThrows(IllegalArgumentException.class, () -> factory.make(Mode.THREADED, dir, virtual, true));
        assertTrue(error.getMessage().contains("virtual") && error.getMessage().contains("threaded"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> factory.make(Mode.FORKED, dir, virtual, true));
        try (BaseServer<?> server = factory.make(Mode.VIRTUAL, dir, virtual, true)) {
            assertEquals(Mode.VIRTUAL, server.options().mode(), "the factory's own mode is no conflict");
        }
    }

    @ParameterizedTest
    @EnumSource(Factory.class)
    void withoutBindAndActivateTheCallerBinds(Factory factory) throws Exception {
        try (BaseServer<?> server = factory.make(Mode.VIRTUAL, dir, ServerOptions.defaults(), false)) {
            if (factory == Factory.UNIX_STREAM || factory == Factory.UNIX_DATAGRAM) {
                assertFalse(java.nio.file.Files.exists(factory.transport().socketPath(dir)), "not bound yet");
            } else {
                assertEquals(0, ((InetSocketAddress) server.serverAddress()).getPort(), "not bound yet");
            }
            server.bindAndActivate();
            try (ServingThread loop = ServingThread.start(server)) {
                factory.transport().echo(server, dir);
            }
        }
    }

    @Test
    void forkedChildrenAreReachableFromAServerBuiltWithTheConstructor() throws Exception {
        try (var forked = new TcpServer(LOOPBACK, EchoRoundTripTest.LineEcho.class, ForkedTesting.options());
             var sync = new TcpServer(LOOPBACK, EchoRoundTripTest.LineEcho.class)) {
            assertTrue(forked.forkedChildren().orElseThrow().activeChildren().isEmpty());
            assertEquals(0, forked.forkedChildren().orElseThrow().collectChildren());
            assertTrue(sync.forkedChildren().isEmpty(), "a sync server has no children");
        }
    }
}
