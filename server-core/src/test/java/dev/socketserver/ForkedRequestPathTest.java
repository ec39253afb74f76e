package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.socketserver.ForkedEchoTest.ReportingEcho;
import dev.socketserver.internal.ClassInitLog;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pooled child's request runs for the first time, read from the child's class
 * initialisation log: what the warm-up can run before the child says it is ready stays off the
 * request's path (docs/forked.md, "What a pooled request still ran for the first time").
 */
@Timeout(90)
class ForkedRequestPathTest {

    @TempDir
    Path dir;

    /**
     * The limits the server carries in the handler configuration (the request timeout, 30 s by
     * default) are parsed during the warm-up: a child reads them again for each request, and the
     * first {@code Duration.parse} compiles the JDK's pattern for durations, some 0.5 ms.
     */
    @Test
    void theCarriedLimitsAreParsedBeforeTheChildIsReady() throws Exception {
        assertNotNull(ForkedPoolTest.pooled(1).limits().requestTimeout(), "a request timeout to carry");
        List<String> request = pooledRequestInitialises();
        assertFalse(request.contains("java/time/Duration$Lazy"),
                () -> "the request parsed the first duration, after " + request.subList(0, request.indexOf("java/time/Duration$Lazy")));
    }

    /**
     * The connection is set up as the warm-up's loopback connection was: the socket options'
     * classes, the socket's streams and their timed read are loaded and linked already.
     */
    @Test
    void theConnectionsOptionsAndStreamsAreWarmBeforeTheChildIsReady() throws Exception {
        List<String> request = pooledRequestInitialises();
        for (String warmed : List.of("sun/nio/ch/SocketOptionRegistry", "sun/nio/ch/SocketInputStream",
                "sun/nio/ch/SocketOutputStream")) {
            assertFalse(request.contains(warmed), () -> "the request initialised " + warmed + ": " + request);
        }
    }

    /** The classes a waiting child initialised from its request's hand-off to its exit. */
    private List<String> pooledRequestInitialises() throws Exception {
        ServerOptions base = ForkedPoolTest.pooled(1);
        List<String> jvm = new ArrayList<>(base.fork().jvmOptions());
        jvm.add(ClassInitLog.option(dir.resolve("%p.log")));
        ServerOptions options = base.toBuilder().fork(base.fork().toBuilder().jvmOptions(jvm).build()).build();
        try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), ReportingEcho.class, options)) {
            var serving = ForkedTesting.serve(server);
            long child = ForkedPoolTest.awaitReady(server, 1).iterator().next();
            assertEquals(Long.toString(child), ForkedPoolTest.stream(server, StandardProtocolFamily.INET)[0],
                    "the waiting child served");
            ForkedTesting.awaitExit(child, Duration.ofSeconds(10));
            List<String> request = ClassInitLog.pooledRequest(dir.resolve(child + ".log"));
            ForkedPoolTest.closeAndCheckNoneLeft(server, serving, Set.of(child));
            return request;
        }
    }
}
