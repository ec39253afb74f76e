package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.BaseServer;
import dev.socketserver.Mode;
import dev.socketserver.internal.OpenDescriptors;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that misbehave with time and numbers, in every mode and stream transport where it
 * applies: silent and slow ones (idle timeout), a flood beyond the connection limit, clients that
 * vanish mid-transfer, and a stop under load. Every completed download's MD5 must match, and the
 * descriptors come back to the baseline.
 */
@Timeout(120)
class HostileClientsTest extends HardeningTests {

    /**
     * Long enough that the polite downloads on the same server are never taken for idle on a
     * loaded machine (a thread was seen to wake 0.64 s late at load 22), short enough to wait
     * out a few times per case.
     */
    static final Duration IDLE = Duration.ofSeconds(1);
    /** For the 8 MiB download that must not be cut: it reads through many such wake-ups. */
    static final Duration IDLE_BESIDE_A_BIG_DOWNLOAD = Duration.ofSeconds(2);


    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void silentAndStalledClientsAreClosedAfterTheIdleTimeout(Mode mode, boolean unix) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(IDLE));
        try (var running = RunningServer.start(world.server(mode, unix, dir, tune))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            // Both at once, so that their idle timeouts run together (one after the other in sync mode).
            try (RawClient silent = RawClient.connect(server.serverAddress());
                 RawClient noAck = RawClient.connect(server.serverAddress())) {
                noAck.send("get " + Hardening.BIG);
                assertTrue(silent.atEndOfStream(), "a client that never sends a command is closed");
                assertEquals(Integer.toString(Hardening.BIG_SIZE), noAck.reply());
                assertTrue(noAck.atEndOfStream(), "a client that never acknowledges the size is closed");
            }
            try (RawClient polite = RawClient.connect(server.serverAddress())) {
                world.assertDownload(polite, SampleRoot.RANDOM);
                world.assertDownload(polite, SampleRoot.SMALL);
            }
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    /** SYNC and VIRTUAL share the code of THREADED here; FORKED is the child enforcing the timeout itself. */
    static List<Arguments> stalledReaderCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : List.of(Mode.SYNC, Mode.VIRTUAL, Mode.FORKED)) {
            cases.add(Arguments.of(mode, false));
            cases.add(Arguments.of(mode, true));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("stalledReaderCases")
    void aClientThatStopsReadingMidBodyIsClosedAfterTheIdleTimeout(Mode mode, boolean unix) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(IDLE_BESIDE_A_BIG_DOWNLOAD));
        try (var running = RunningServer.start(world.server(mode, unix, dir, tune))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            try (RawClient stalled = unix ? RawClient.connect(server.serverAddress())
                    : RawClient.connectSmallBuffer(server.serverAddress())) {
                stalled.send("get " + Hardening.BIG);
                stalled.reply();
                stalled.send(FileProtocol.SEED_ACK);
                // Reads nothing: the server's send blocks on a full socket and makes no progress.
                Await.until("the stalled download is cut", () -> server.activeCount() == 0);
            }
            try (RawClient polite = RawClient.connect(server.serverAddress())) {
                world.assertDownload(polite, Hardening.BIG); // a long transfer that moves is never cut
            }
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    /**
     * A body large enough for the larger send buffer ({@link SendBuffer}), sent by zero-copy in
     * virtual mode (its digest cached by a first, polite download): a client that stops reading
     * is still cut, the sender parked in the write that waits for room.
     */
    @Test
    void aStalledLargeBodyIsClosedAfterTheIdleTimeoutInVirtualMode() throws Exception {
        String large = "large.bin";
        Files.write(world.root.resolve(large), SampleRoot.randomBytes((int) SendBuffer.LARGE_BODY_BYTES + (8 << 20), 7));
        var tune = Hardening.limits(limits -> limits.idleTimeout(IDLE_BESIDE_A_BIG_DOWNLOAD));
        try (var running = RunningServer.start(world.server(Mode.VIRTUAL, false, dir, tune))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            try (RawClient polite = RawClient.connect(server.serverAddress())) {
                world.assertDownload(polite, large);
            }
            try (RawClient stalled = RawClient.connectSmallBuffer(server.serverAddress())) {
                stalled.send("get " + large);
                stalled.reply();
                stalled.send(FileProtocol.SEED_ACK);
                Await.until("the stalled large download is cut", () -> server.activeCount() == 0);
            }
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void clientsVanishingMidTransferLeaveNothingBehind(Mode mode, boolean unix) throws Exception {
        try (var running = RunningServer.start(world.server(mode, unix, dir, b -> b))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            for (int i = 0; i < 4; i++) {
                try (RawClient client = RawClient.connect(server.serverAddress())) {
                    if (!unix) {
                        client.channel().setOption(StandardSocketOptions.SO_LINGER, 0); // vanish with a reset
                    }
                    client.send("get " + Hardening.BIG);
                    client.reply();
                    client.send(FileProtocol.SEED_ACK);
                    assertEquals(100_000 * (i + 1), client.readExactly(100_000 * (i + 1)).length);
                }
            }
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                world.assertDownload(client, Hardening.BIG);
            }
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    static List<Arguments> floodCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : List.of(Mode.THREADED, Mode.VIRTUAL, Mode.FORKED)) {
            cases.add(Arguments.of(mode, false));
            cases.add(Arguments.of(mode, true));
        }
        return cases;
    }

    /**
     * In forked mode the limit bounds the busy child JVMs too ({@code activeCount}); the warm pool's
     * waiting children, which hold no connection, come on top: processes of this JVM at most the
     * limit plus the pool.
     */
    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("floodCases")
    void aFloodBeyondTheConnectionLimitWaitsAndIsServed(Mode mode, boolean unix) throws Exception {
        int limit = 4;
        int clients = mode == Mode.FORKED ? 12 : 40; // a JVM start each: three times the limit is a flood
        var tune = Hardening.limits(limits -> limits.maxConnections(limit));
        try (var running = RunningServer.start(world.server(mode, unix, dir, b -> tune.apply(b).requestQueueSize(128)))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            AtomicInteger peak = new AtomicInteger();
            AtomicLong peakChildren = new AtomicLong();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().name("active-sampler").start(() -> {
                while (flooding.get()) {
                    peak.accumulateAndGet(server.activeCount(), Math::max);
                    if (mode == Mode.FORKED) { // listing processes reads /proc: not in a spin
                        peakChildren.accumulateAndGet(ProcessHandle.current().children().count(), Math::max);
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                    Thread.onSpinWait();
                }
            });
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofVirtual().name("flood-", i).start(() -> {
                    try (RawClient client = RawClient.connect(server.serverAddress())) {
                        world.assertDownload(client, SampleRoot.RANDOM);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            flooding.set(false);
            sampler.join();
            assertTrue(failures.isEmpty(), () -> "failed downloads: " + failures);
            assertEquals(limit, peak.get(), "the most in flight at once: the limit, reached and never exceeded");
            int pool = mode == Mode.FORKED ? server.options().fork().warmChildren() : 0;
            assertTrue(peakChildren.get() <= limit + pool,
                    "child JVMs at once: " + peakChildren.get() + ", limit " + limit + " and " + pool + " waiting");
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void aStopUnderLoadCorruptsNothingAndLeavesNothing(Mode mode, boolean unix) throws Exception {
        // The baseline is taken without a server, after a throwaway one has warmed the JVM up.
        try (var warmUp = RunningServer.start(world.server(mode, unix, dir, b -> b))) {
            world.warmBaseline(warmUp.server());
        }
        int baseline = OpenDescriptors.count();
        BaseServer<?> server = world.server(mode, unix, dir, b -> b.closeGrace(Duration.ofMillis(300)));
        var running = RunningServer.start(server);
        Outcomes outcomes = new Outcomes();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(Thread.ofVirtual().name("load-", i).start(() -> downloadUntilCut(server, outcomes)));
        }
        Await.until("some downloads completed", () -> outcomes.completed.get() >= 12);
        outcomes.stopping = true;
        running.close(); // shutdown() and serverClose(): stop accepting, grace, then cut the rest
        for (Thread client : clients) {
            client.join();
        }
        assertTrue(outcomes.corrupt.isEmpty(), () -> "downloads with a wrong digest: " + outcomes.corrupt);
        assertTrue(outcomes.unexpected.isEmpty(), () -> "clients that failed otherwise than by the stop: " + outcomes.unexpected);
        assertEquals(clients.size(), outcomes.endedByTheStop.get(), "every client was ended by the stop");
        assertEquals(0, server.activeCount());
        assertEquals(0, ProcessHandle.current().children().count(), "no child JVM is left behind");
        Hardening.assertDescriptorsBackTo(baseline);
    }

    /** What the load clients saw: completed and corrupt downloads, ends by the stop, and anything else. */
    private static final class Outcomes {
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger endedByTheStop = new AtomicInteger();
        final ConcurrentLinkedQueue<String> corrupt = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        volatile boolean stopping;

        /** A client's end: allowed only once the stop has begun, and only as a cut, a reset or a close. */
        void ended(String how) {
            if (stopping) {
                endedByTheStop.incrementAndGet();
            } else {
                unexpected.add(how + " before the stop");
            }
        }
    }

    /**
     * Downloads random.bin again and again until the server goes away; a finished download must be
     * exact, and the only ways to end are those of the stop: an incomplete download, a refused,
     * reset or closed connection, or end of stream where the size reply was due.
     */
    private static void downloadUntilCut(BaseServer<?> server, Outcomes outcomes) {
        byte[] expected;
        try {
            expected = Files.readAllBytes(world.root.resolve(SampleRoot.RANDOM));
        } catch (IOException e) {
            outcomes.unexpected.add("cannot read the expected file: " + e);
            return;
        }
        while (true) {
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                for (int i = 0; i < 3; i++) {
                    RawClient.Fetched fetched = client.get(SampleRoot.RANDOM);
                    if (fetched.body().length < expected.length || fetched.digest().length() < 32) {
                        outcomes.ended("an incomplete download (" + fetched.reply() + ")");
                        return; // cut by the stop: an incomplete download, which the client can tell
                    }
                    if (!fetched.digest().equals(SampleRoot.md5(expected))
                            || !SampleRoot.md5(fetched.body()).equals(fetched.digest())) {
                        outcomes.corrupt.add(fetched.reply() + " bytes, digest " + fetched.digest());
                    }
                    outcomes.completed.incrementAndGet();
                }
            } catch (IOException e) {
                outcomes.ended(e.toString()); // refused, reset or closed by the stop
                return;
            } catch (NumberFormatException e) {
                if (e.getMessage().contains("<eof>")) {
                    outcomes.ended("end of stream instead of the size reply");
                } else {
                    outcomes.unexpected.add("a size reply that is not a number: " + e.getMessage());
                }
                return;
            }
        }
    }
}
