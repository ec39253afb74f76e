package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler is given as a class the server (or a forked child JVM) builds with a public
 * no-argument constructor; one it cannot build is refused at construction, with the class named,
 * and without leaving a socket open.
 */
@Timeout(30)
class HandlerClassTest {

    @TempDir
    Path dir;

    /** Needs an argument: the server has none to give. */
    public static final class NeedsArgument extends StreamRequestHandler {
        public NeedsArgument(String greeting) {
        }
    }

    public abstract static class Abstract extends StreamRequestHandler {
    }

    /** An inner (non-static) class: its constructor takes the enclosing instance. */
    public final class Inner extends StreamRequestHandler {
    }

    /** Public constructor, but the class is private: nothing outside this file may build it. */
    private static final class Hidden extends StreamRequestHandler {
        @SuppressWarnings("unused")
        public Hidden() {
        }
    }

    @Test
    void aHandlerWithoutAPublicNoArgumentConstructorIsRefused() {
        assertRefused(NeedsArgument.class, "public no-argument constructor");
    }

    @Test
    void anAbstractHandlerIsRefused() {
        assertRefused(Abstract.class, "abstract");
    }

    @Test
    void anInnerClassHandlerIsRefused() {
        assertRefused(Inner.class, "public no-argument constructor");
    }

    @Test
    void aHandlerClassThatIsNotPublicIsRefused() {
        assertRefused(Hidden.class, "public");
    }

    @Test
    void refusedHandlersLeaveNoDescriptorOpen() throws IOException {
        refuseAll(4); // warm up
        long before = TestIo.openDescriptors();
        refuseAll(256);
        assertEquals(before, TestIo.openDescriptors());
    }

    @Test
    void aHandlerInstanceServesOneRequestOnly() throws Exception {
        var handler = new EchoRoundTripTest.LineEcho();
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.LineEcho.class);
             SocketChannel client = SocketChannel.open(server.serverAddress());
             SocketChannel accepted = server.socket().accept()) {
            client.shutdownOutput();
            handler.runRequest(accepted, client.getLocalAddress(), server);
            var error = assertThrows(IllegalStateException.class,
                    () -> handler.runRequest(accepted, client.getLocalAddress(), server));
            assertTrue(error.getMessage().contains("already used"), error.getMessage());
        }
    }

    private void refuseAll(int times) {
        for (int i = 0; i < times; i++) {
            assertThrows(IllegalArgumentException.class,
                    () -> new UnixStreamServer(dir.resolve("refused.sock"), NeedsArgument.class));
            assertThrows(IllegalArgumentException.class,
                    () -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), Hidden.class));
        }
    }

    private static void assertRefused(Class<? extends StreamRequestHandler> type, String reason) {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), type));
        assertTrue(error.getMessage().contains(type.getName()), "names the class: " + error.getMessage());
        assertTrue(error.getMessage().contains(reason), "says why: " + error.getMessage());
    }
}
