package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.socketserver.BaseServer;
import dev.socketserver.ForkOptions;
import dev.socketserver.HandlerConfig;
import dev.socketserver.Limits;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.ServerOptionsBuilder;
import dev.socketserver.TcpServer;
import dev.socketserver.UnixStreamServer;
import dev.socketserver.internal.OpenDescriptors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hardening tests' world: a served root with sample files and a big one, a directory outside
 * it with a secret and symbolic links pointing there, servers in any mode and stream transport,
 * and the checks every test ends with (descriptors back to the baseline, digests right).
 */
final class Hardening {

    static final String BIG = "big.bin";
    static final int BIG_SIZE = 8 << 20;
    static final String SECRET = "top secret, never served\n";

    final Path root;
    final Path outside;

    /** Builds the world under {@code dir}. */
    Hardening(Path dir) throws IOException {
        root = SafePaths.realRoot(SampleRoot.create(Files.createDirectories(dir.resolve("root"))));
        outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.write(root.resolve(BIG), SampleRoot.randomBytes(BIG_SIZE, 42));
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), outside);
        Files.createSymbolicLink(root.resolve("sub/up"), root.getParent());
    }

    /** Every mode this build has (forked included once it exists) with both stream transports. */
    static List<Arguments> modesAndTransports() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            cases.add(Arguments.of(mode, false));
            cases.add(Arguments.of(mode, true));
        }
        return cases;
    }

    /** A file server on TCP (loopback) or a Unix socket under {@code dir}, serving {@link #root}. */
    BaseServer<?> server(Mode mode, boolean unix, Path dir, UnaryOperator<ServerOptionsBuilder> tune)
            throws IOException {
        ServerOptions options = tune.apply(ServerOptions.builder().mode(mode)
                .fork(ForkOptions.builder().aotCacheDirectory(null).build()) // the tests' class path has directories
                .closeGrace(Duration.ofSeconds(5)) // a test that fails must not hang in close()
                .handlerConfig(HandlerConfig.of("root", root.toString()))).build();
        return unix
                ? new UnixStreamServer(dir.resolve("files-" + System.nanoTime() + ".sock"), FileDownloadHandler.class, options)
                : new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class, options);
    }

    static UnaryOperator<ServerOptionsBuilder> limits(UnaryOperator<Limits.Builder> change) {
        return builder -> builder.limits(change.apply(Limits.builder()).build());
    }

    /** Downloads {@code name} and checks size, body and MD5 against the file on disk. */
    void assertDownload(RawClient client, String name) throws IOException {
        byte[] expected = Files.readAllBytes(root.resolve(name));
        RawClient.Fetched fetched = client.get(name);
        assertEquals(Integer.toString(expected.length), fetched.reply(), "size reply for " + name);
        assertArrayEquals(expected, fetched.body(), name);
        assertEquals(SampleRoot.md5(expected), fetched.digest(), "MD5 of " + name);
    }

    /** A baseline taken with the server up and warmed (one download done) and, forked, its pool full again. */
    int warmBaseline(BaseServer<?> server) throws IOException {
        try (RawClient client = RawClient.connect(server.serverAddress())) {
            assertDownload(client, SampleRoot.SMALL);
        }
        Await.until("the warm-up request has ended", () -> server.activeCount() == 0);
        awaitPoolSettled(server);
        return OpenDescriptors.count();
    }

    /**
     * A forked server's warm pool full, no child busy: its descriptors hold still there (each
     * waiting child holds its channel and output pipes from its start; a replacement starts 300 ms
     * after a hand-off).
     */
    static void awaitPoolSettled(BaseServer<?> server) {
        server.forkedChildren().ifPresent(forked -> {
            int pool = server.options().fork().warmChildren();
            Await.until("the pool full (" + pool + ") and no child busy",
                    () -> forked.activeChildren().isEmpty() && forked.waitingChildren().size() == pool);
        });
    }

    /** Fails unless the JVM's descriptors come back to {@code baseline} once {@code server}'s pool has settled again. */
    static void assertDescriptorsBackTo(int baseline, BaseServer<?> server) {
        awaitPoolSettled(server);
        assertDescriptorsBackTo(baseline);
    }

    /** Fails unless the JVM's descriptors come back to {@code baseline} within 10 s. */
    static void assertDescriptorsBackTo(int baseline) {
        int now = OpenDescriptors.awaitAtMost(baseline, Duration.ofSeconds(10));
        if (now > baseline) {
            fail("descriptor leak: " + now + " open, baseline " + baseline + ": " + OpenDescriptors.describe());
        }
    }
}
