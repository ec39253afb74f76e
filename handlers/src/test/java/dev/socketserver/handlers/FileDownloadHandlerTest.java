package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.UnixStreamServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server side of the protocol over real sockets, byte for byte. */
@Timeout(60)
class FileDownloadHandlerTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    Path root;
    RunningServer<TcpServer> running;

    @BeforeEach
    void start() throws IOException {
        root = SafePaths.realRoot(SampleRoot.create(dir));
        running = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                options(Mode.VIRTUAL)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.close();
    }

    private ServerOptions options(Mode mode) {
        return ServerOptions.builder().mode(mode).handlerConfig(HandlerConfig.of("root", root.toString())).build();
    }

    private RawClient connect() throws IOException {
        return RawClient.connect(running.server().serverAddress());
    }

    private void assertServed(RawClient client, String name) throws IOException {
        byte[] expected = Files.readAllBytes(root.resolve(name));
        RawClient.Fetched fetched = client.get(name);
        assertEquals(Integer.toString(expected.length), fetched.reply(), "size reply for " + name);
        assertArrayEquals(expected, fetched.body(), name);
        assertEquals(SampleRoot.md5(expected), fetched.digest(), name);
    }

    @Test
    void servesEveryFileOnOneConnectionTwice() throws IOException {
        try (RawClient client = connect()) {
            for (int round = 0; round < 2; round++) { // the second round is served from cached digests
                for (String name : new String[] {SampleRoot.SMALL, SampleRoot.RANDOM, SampleRoot.EMPTY, SampleRoot.NESTED}) {
                    assertServed(client, name);
                }
            }
        }
        Path random = root.resolve(SampleRoot.RANDOM);
        assertEquals(SampleRoot.md5(random), FileDownloadHandler.cachedDigest(FileVersion.of(random)));
    }

    @Test
    void theSizeReplyIsBareDecimalAndTheDigestFollowsTheBody() throws IOException {
        try (RawClient client = connect()) {
            client.send("get " + SampleRoot.SMALL);
            assertEquals("12", client.reply());
            client.send("x");
            assertEquals("hello, seed\n" + SampleRoot.md5("hello, seed\n".getBytes()),
                    new String(client.readExactly(12 + 32)));
        }
    }

    @Test
    void everyRefusalIsOneErrLineAndTheConnectionStaysUsable() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.writeString(outside.resolve("x"), "not served");
        String[] bad = {"get /etc/passwd", "get ../x", "get nope.txt", "get sub", "put small.txt", "get", "   ",
                "get escape/x", "get a\0b"};
        try (RawClient client = connect()) {
            for (String command : bad) {
                String reply = client.reply(command);
                assertTrue(reply.startsWith("ERR ") && reply.endsWith("\n") && reply.indexOf('\n') == reply.length() - 1,
                        command + " -> " + reply);
                assertServed(client, SampleRoot.SMALL);
            }
            client.send(new byte[] {'g', 'e', 't', ' ', (byte) 0xc3});
            assertEquals("ERR command is not valid UTF-8\n", client.reply());
            assertServed(client, SampleRoot.SMALL);
        }
        Files.delete(root.resolve("escape")); // JUnit warns about links out of @TempDir it has to delete
    }

    @Test
    void overLongCommandGetsOneErrAndTheNextCommandWorks() throws IOException {
        try (RawClient client = connect()) {
            client.send("get " + "a".repeat(5000) + "\n");
            assertTrue(client.reply().startsWith("ERR command too long"));
            assertServed(client, SampleRoot.RANDOM);
        }
    }

    @Test
    void clientLeavingBeforeTheAckOrMidBodyReleasesEverything() throws IOException {
        Path big = root.resolve("big.bin");
        Files.write(big, SampleRoot.randomBytes(8 << 20, 7));
        try (RawClient client = connect()) {
            client.send("get big.bin");
            assertEquals(Long.toString(8 << 20), client.reply());
        } // gone before the acknowledgement
        for (int i = 0; i < 2; i++) { // cold, then warm digest cache: the copy path and the transferTo path
            try (RawClient client = connect()) {
                client.send("get big.bin");
                client.reply();
                client.send(FileProtocol.SEED_ACK);
                assertEquals(64 * 1024, client.readExactly(64 * 1024).length);
            } // gone mid-body
        }
        Await.until("every request has ended", () -> running.server().activeCount() == 0);
        Await.until("no descriptor of big.bin is open", () -> openDescriptorsOf(big) == 0);
        try (RawClient client = connect()) {
            assertServed(client, "big.bin");
        }
    }

    /** The file handler with a small socket send buffer, so that a big body surely stalls mid-send. */
    public static final class SmallSendBuffer extends FileDownloadHandler {
        @Override
        protected void setup() throws Exception {
            super.setup();
            channel().setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        }
    }

    @Test
    void aFileChangedWhileBeingSentGetsNoDigestAndIsNotCached() throws Exception {
        Path big = root.resolve("changing.bin");
        Files.write(big, SampleRoot.randomBytes(4 << 20, 8));
        try (var stalling = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), SmallSendBuffer.class,
                options(Mode.VIRTUAL)))) {
            InetSocketAddress address = stalling.server().serverAddress();
            for (boolean warm : new boolean[] {false, true}) {
                if (warm) {
                    try (RawClient client = RawClient.connect(address)) {
                        assertServed(client, "changing.bin"); // caches the digest of this version
                    }
                }
                try (RawClient client = RawClient.connectSmallBuffer(address)) {
                    client.send("get changing.bin");
                    long size = Long.parseLong(client.reply());
                    client.send(FileProtocol.SEED_ACK);
                    client.readExactly(1024); // both socket buffers are far smaller than the body: the server is mid-send
                    FileVersion sent = FileVersion.of(big);
                    assertEquals(warm ? SampleRoot.md5(big) : null, FileDownloadHandler.cachedDigest(sent));
                    Files.setLastModifiedTime(big, FileTime.from(Instant.now().plusSeconds(60 + (warm ? 60 : 0))));
                    assertEquals(size - 1024, client.readExactly(size - 1024).length);
                    assertTrue(client.atEndOfStream(), "no digest after a changed body (warm=" + warm + ")");
                    assertNull(FileDownloadHandler.cachedDigest(sent), "a version seen changing is not cached, or dropped");
                }
                try (RawClient client = RawClient.connect(address)) {
                    assertServed(client, "changing.bin"); // the new version, with its own digest
                }
            }
        }
    }

    @Test
    void bodiesAroundTheSmallBodyLimitAreServedColdAndWarm() throws IOException {
        for (int size : new int[] {SmallBody.MAX_BYTES - 1, SmallBody.MAX_BYTES, SmallBody.MAX_BYTES + 1}) {
            Files.write(root.resolve(size + ".bin"), SampleRoot.randomBytes(size, size));
        }
        try (RawClient client = connect()) {
            for (int round = 0; round < 2; round++) { // the copy path, then the cached: one write, or transferTo
                for (int size : new int[] {SmallBody.MAX_BYTES - 1, SmallBody.MAX_BYTES, SmallBody.MAX_BYTES + 1}) {
                    assertServed(client, size + ".bin");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"touched", "truncated"})
    void aSmallFileChangedBeforeTheAckGetsNoDigestAndIsNotCached(String change) throws IOException {
        Path small = root.resolve(SampleRoot.SMALL);
        try (RawClient client = connect()) {
            assertServed(client, SampleRoot.SMALL); // caches the digest of this version
            FileVersion sent = FileVersion.of(small);
            assertEquals(SampleRoot.md5(small), FileDownloadHandler.cachedDigest(sent));
            client.send("get " + SampleRoot.SMALL);
            long size = Long.parseLong(client.reply());
            if (change.equals("touched")) {
                Files.setLastModifiedTime(small, FileTime.from(Instant.now().plusSeconds(60)));
            } else {
                Files.write(small, "hello".getBytes(), StandardOpenOption.TRUNCATE_EXISTING);
            }
            client.send(FileProtocol.SEED_ACK);
            byte[] received = client.readExactly(size + FileProtocol.DIGEST_HEX_LENGTH);
            assertTrue(received.length <= size, "no digest after a changed body: " + received.length + " bytes");
            assertNull(FileDownloadHandler.cachedDigest(sent), "a version seen changing is dropped");
        }
        try (RawClient client = connect()) {
            assertServed(client, SampleRoot.SMALL); // the new version, with its own digest
        }
        Await.until("every reply buffer is free", () -> SmallBody.BUFFERS.free() == SmallBody.BUFFERS.made());
    }

    /** Replies in flight at once each carry their own file: the reply buffers go from connection to connection. */
    @Test
    void concurrentSmallRepliesEachCarryTheirOwnFile() throws Exception {
        Files.write(root.resolve("full.bin"), SampleRoot.randomBytes(SmallBody.MAX_BYTES, 7));
        Files.write(root.resolve("part.bin"), SampleRoot.randomBytes(3000, 8));
        String[] names = {SampleRoot.SMALL, SampleRoot.NESTED, "full.bin", "part.bin"};
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int c = 0; c < 8; c++) {
                int first = c;
                clients.add(pool.submit(() -> {
                    try (RawClient client = connect()) {
                        for (int i = 0; i < 40; i++) {
                            assertServed(client, names[(first + i) % names.length]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }
        Await.until("every reply buffer is free", () -> SmallBody.BUFFERS.free() == SmallBody.BUFFERS.made());
    }

    @Test
    void aHardLinkToAFileOutsideIsServedUnlessHardLinksAreRefused() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "outside the root\n");
        Files.createLink(root.resolve("linked.txt"), secret); // by name, just another file of the root
        try (RawClient client = connect()) {
            assertServed(client, "linked.txt");
        }
        ServerOptions refusing = options(Mode.VIRTUAL).toBuilder().handlerConfig(HandlerConfig.of("root", root.toString(),
                FileDownloadHandler.REFUSE_HARD_LINKS, "true")).build();
        try (var strict = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0),
                FileDownloadHandler.class, refusing));
             RawClient client = RawClient.connect(strict.server().serverAddress())) {
            assertEquals("ERR has other hard links, not served: linked.txt\n", client.reply("get linked.txt"));
            assertServed(client, SampleRoot.SMALL); // one link: served, on the same connection
        }
    }

    @Test
    void servesOverAUnixSocketInEveryMode() throws Exception {
        for (Mode mode : Mode.values()) {
            Path socket = dir.resolve(mode.flag() + ".sock");
            try (var unix = RunningServer.start(new UnixStreamServer(socket, FileDownloadHandler.class, options(mode)));
                 RawClient client = RawClient.connect(unix.server().serverAddress())) {
                assertServed(client, SampleRoot.RANDOM);
                assertServed(client, SampleRoot.SMALL);
            }
        }
    }

    /** How many of this process's descriptors point at {@code file} (Linux /proc). */
    private static long openDescriptorsOf(Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException vanished) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }
}
