package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.BaseServer;
import dev.socketserver.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slow clients, in every mode: a download read slowly but steadily is never taken for an idle
 * connection, and a slowloris that trickles bytes is closed by the request timeout.
 */
@Timeout(120)
class SlowClientsTest extends HardeningTests {

    /** Bigger than one of the 8 MiB pieces the body used to go out in. */
    static final String SLOW = "slow.bin";
    static final int SLOW_SIZE = 10 << 20;
    /** The reader's pace: an 8 MiB piece (less the 4 MB a socket buffers) takes it 2 s, a 1 MiB piece 0.5 s. */
    static final long BYTES_PER_SECOND = 2_000_000;
    static final Duration SLOW_IDLE = Duration.ofMillis(1500);

    @BeforeAll
    static void createSlowFile() throws IOException {
        Files.write(world.root.resolve(SLOW), SampleRoot.randomBytes(SLOW_SIZE, 7));
    }

    /**
     * With the file's digest cached the body goes out with {@code transferTo}; progress used to be
     * counted per 8 MiB piece, so a reader this slow was cut by an idle timeout it never hit.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aSlowButSteadyReaderIsNotCutByTheIdleTimeout(Mode mode) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(SLOW_IDLE));
        try (var running = RunningServer.start(world.server(mode, false, dir, tune))) {
            BaseServer<?> server = running.server();
            try (RawClient fast = RawClient.connect(server.serverAddress())) {
                world.assertDownload(fast, SLOW); // caches the digest (in this JVM; a forked child hashes again)
            }
            try (RawClient slow = RawClient.connectSmallBuffer(server.serverAddress())) {
                slow.send("get " + SLOW);
                assertEquals(Integer.toString(SLOW_SIZE), slow.reply());
                slow.send(FileProtocol.SEED_ACK);
                byte[] body = readAtPace(slow, SLOW_SIZE + FileProtocol.DIGEST_HEX_LENGTH);
                assertEquals(SLOW_SIZE + FileProtocol.DIGEST_HEX_LENGTH, body.length, "the slow download was cut");
                String digest = new String(body, SLOW_SIZE, FileProtocol.DIGEST_HEX_LENGTH, StandardCharsets.US_ASCII);
                assertEquals(SampleRoot.md5(Files.readAllBytes(world.root.resolve(SLOW))), digest);
                assertEquals(SampleRoot.md5(java.util.Arrays.copyOf(body, SLOW_SIZE)), digest);
            }
        }
    }

    /**
     * A slowloris sends a byte every 200 ms: never idle for the 1 s idle timeout, each byte an ERR
     * reply, so before the request timeout it held its connection for as long as it liked.
     * Then a client that never acknowledges a size reply, with an idle timeout far away.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aTricklingClientIsClosedByTheRequestTimeout(Mode mode) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofMillis(1500)));
        try (var running = RunningServer.start(world.server(mode, false, dir, tune))) {
            BaseServer<?> server = running.server();
            try (RawClient trickler = RawClient.connect(server.serverAddress())) {
                long start = System.nanoTime();
                assertTrue(trickleUntilClosed(trickler, Duration.ofSeconds(8)), "the trickling client was never closed");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMillis >= 1000, "closed after " + tookMillis + " ms: before its request timeout");
            }
            try (RawClient fresh = RawClient.connect(server.serverAddress())) {
                world.assertDownload(fresh, SampleRoot.SMALL);
            }
        }
        var ackTune = Hardening.limits(limits -> limits.idleTimeout(Duration.ofSeconds(60))
                .requestTimeout(Duration.ofMillis(500)));
        if (mode == Mode.VIRTUAL || mode == Mode.FORKED) {
            try (var running = RunningServer.start(world.server(mode, false, dir, ackTune));
                 RawClient noAck = RawClient.connect(running.server().serverAddress())) {
                noAck.send("get " + SampleRoot.SMALL);
                assertEquals(Long.toString(Files.size(world.root.resolve(SampleRoot.SMALL))), noAck.reply());
                assertTrue(noAck.atEndOfStream(), "no acknowledgement within the request timeout: closed");
            }
        }
    }

    /**
     * Sends "get small.txt" one byte per 200 ms, round and round, while a reader drains the
     * replies (the thread ends with the connection); true when the server closed the connection
     * within {@code bound}.
     */
    static boolean trickleUntilClosed(RawClient client, Duration bound) throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        Thread.ofVirtual().name("trickle-drain").start(() -> {
            try {
                while (client.channel().read(ByteBuffer.allocate(1024)) >= 0) {
                    // ERR replies, one per byte
                }
                closed.set(true);
            } catch (IOException resetByTheServersClose) {
                closed.set(true);
            }
        });
        byte[] command = ("get " + SampleRoot.SMALL).getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + bound.toNanos();
        for (int i = 0; !closed.get() && System.nanoTime() < end; i++) {
            try {
                client.send(new byte[] {command[i % command.length]});
            } catch (IOException resetByTheServersClose) {
                return true;
            }
            Thread.sleep(200);
        }
        // Only a close while the bytes still came counts: once they stop, the idle timeout closes it.
        return closed.get();
    }

    /** Up to {@code count} bytes read at {@link #BYTES_PER_SECOND}; fewer when the server closes first. */
    static byte[] readAtPace(RawClient client, int count) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count);
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        long start = System.nanoTime();
        while (out.size() < count) {
            buffer.clear().limit(Math.min(buffer.capacity(), count - out.size()));
            int n = client.channel().read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            long due = start + TimeUnit.SECONDS.toNanos(out.size()) / BYTES_PER_SECOND;
            long ahead = due - System.nanoTime();
            if (ahead > 0) {
                TimeUnit.NANOSECONDS.sleep(ahead);
            }
        }
        return out.toByteArray();
    }
}
