package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.fork.ChildAddresses;
import dev.socketserver.fork.ChildArguments;
import dev.socketserver.dispatch.ChildTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The parent-to-child command line: round trips for every transport, and a clear error for every bad word. */
class ForkedChildArgumentsTest {

    @Test
    void streamArgumentsRoundTrip() {
        var args = new ChildArguments(ChildTransport.STREAM, "com.example.Echo",
                new InetSocketAddress("127.0.0.1", 8080), null, 4242, HandlerConfig.of("root", "/srv/a b", "x", "=y="));
        assertEquals(List.of("--transport=stream", "--server-address=127.0.0.1:8080", "--parent-pid=4242",
                "com.example.Echo", "root=/srv/a b", "x==y="), args.toArgs());
        assertEquals(args, ChildArguments.parse(args.toArgs()));
    }

    @Test
    void datagramArgumentsRoundTrip() throws Exception {
        var udp = new ChildArguments(ChildTransport.UDP, "com.example.Echo",
                new InetSocketAddress("::1", 53), new InetSocketAddress("::1", 40000), 7, HandlerConfig.empty());
        assertEquals(udp, ChildArguments.parse(udp.toArgs()));
        assertTrue(udp.toArgs().contains("--client-address=[0:0:0:0:0:0:0:1]:40000"), udp.toArgs().toString());

        var unix = new ChildArguments(ChildTransport.UNIX_DATAGRAM, "com.example.Echo",
                AFUNIXSocketAddress.of(Path.of("/run/echo.dgram")), DatagramServer.UNNAMED_CLIENT, 7, HandlerConfig.empty());
        ChildArguments parsed = ChildArguments.parse(unix.toArgs());
        assertEquals(AFUNIXSocketAddress.of(Path.of("/run/echo.dgram")), parsed.serverAddress(),
                "Unix datagram addresses come back as junixsocket ones");
        assertEquals(DatagramServer.UNNAMED_CLIENT, parsed.clientAddress(), "an unnamed client stays unnamed");
    }

    @Test
    void socketActivationNeedsOnlyTheHandler() {
        ChildArguments args = ChildArguments.parse(List.of("com.example.Echo"));
        assertEquals(ChildTransport.STREAM, args.transport());
        assertEquals(null, args.serverAddress());
        assertEquals(0, args.parentPid(), "no server to watch");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", // no handler
            "--transport=sctp com.example.Echo",
            "--transport=stream",
            "--verbose com.example.Echo",
            "--parent-pid=abc com.example.Echo",
            "--parent-pid=-5 com.example.Echo",
            "--server-address=localhost:80 com.example.Echo", // numeric hosts only: no DNS in a child
            "--server-address=127.0.0.1 com.example.Echo",
            "--server-address=127.0.0.1:99999 com.example.Echo",
            "--server-address=[::1]:x com.example.Echo",
            "--client-address=127.0.0.1:5 com.example.Echo", // streams know their peer
            "com.example.Echo novalue",
            "com.example.Echo =value"})
    void badCommandLinesAreRefusedWithAReason(String line) {
        List<String> words = line.isEmpty() ? List.of() : List.of(line.split(" "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ChildArguments.parse(words));
        assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
    }

    @Test
    void addressesThatCannotCrossAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> ChildAddresses.format(InetSocketAddress.createUnresolved("example.com", 80)));
        assertThrows(IllegalArgumentException.class,
                () -> ChildAddresses.format(AFUNIXSocketAddress.inAbstractNamespace("hidden")));
    }

    @Test
    void unixStreamAddressesStayJdkOnes() {
        SocketAddress parsed = ChildAddresses.parse("unix:/run/echo.sock", false);
        assertEquals(UnixDomainSocketAddress.of("/run/echo.sock"), parsed);
        assertEquals("unix:/run/echo.sock", ChildAddresses.format(parsed));
    }

    @Test
    void forkOptionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ForkOptions.builder().maxChildren(0).build());
        assertThrows(IllegalArgumentException.class, () -> ForkOptions.builder().classPath(" ").build());
        assertEquals("", ForkOptions.builder().classPath("").build().classPath(), "empty: the module path only");
        assertEquals(40, ForkOptions.defaults().maxChildren(), "CPython's max_children");
        assertEquals(8, ServerOptions.builder().fork(ForkOptions.builder().maxChildren(8).build()).build().fork().maxChildren());
    }
}
