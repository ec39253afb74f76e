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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that misbehave with time and numbers, in every mode and stream transport where it
 * applies: silent and slow ones (idle timeout), a flood beyond the connection limit, clients that
 * vanish mid-transfer, and a stop under load. Every completed download's MD5 must match, and the
 * descriptors come back to the baseline.
 */
@Timeout(120)
class HostileClientsTest extends HardeningTests {

    static final Duration IDLE = Duration.ofMillis(300);


    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void silentAndStalledClientsAreClosedAfterTheIdleTimeout(Mode mode, boolean unix) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(IDLE));
        try (var running = RunningServer.start(world.server(mode, unix, dir, tune))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            try (RawClient silent = RawClient.connect(server.serverAddress())) {
                assertTrue(silent.atEndOfStream(), "a client that never sends a command is closed");
            }
            try (RawClient noAck = RawClient.connect(server.serverAddress())) {
                noAck.send("get " + Hardening.BIG);
                assertEquals(Integer.toString(Hardening.BIG_SIZE), noAck.reply());
                assertTrue(noAck.atEndOfStream(), "a client that never acknowledges the size is closed");
            }
            try (RawClient polite = RawClient.connect(server.serverAddress())) {
                world.assertDownload(polite, SampleRoot.RANDOM);
                world.assertDownload(polite, SampleRoot.SMALL);
            }
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "VIRTUAL"})
    void aClientThatStopsReadingMidBodyIsClosedAfterTheIdleTimeout(Mode mode) throws Exception {
        var tune = Hardening.limits(limits -> limits.idleTimeout(IDLE));
        try (var running = RunningServer.start(world.server(mode, false, dir, tune))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            try (RawClient stalled = RawClient.connectSmallBuffer(server.serverAddress())) {
                stalled.send("get " + Hardening.BIG);
                stalled.reply();
                stalled.send(FileProtocol.SEED_ACK);
                // Reads nothing: the server's send blocks on a full socket and makes no progress.
                Await.until("the stalled download is cut", () -> server.activeCount() == 0);
            }
            try (RawClient polite = RawClient.connect(server.serverAddress())) {
                world.assertDownload(polite, Hardening.BIG); // a long transfer that moves is never cut
            }
            Hardening.assertDescriptorsBackTo(baseline);
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
            Hardening.assertDescriptorsBackTo(baseline);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"THREADED", "VIRTUAL"})
    void aFloodBeyondTheConnectionLimitWaitsAndIsServed(Mode mode) throws Exception {
        int limit = 4;
        int clients = 40;
        var tune = Hardening.limits(limits -> limits.maxConnections(limit));
        try (var running = RunningServer.start(world.server(mode, false, dir, b -> tune.apply(b).requestQueueSize(128)))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().name("active-sampler").start(() -> {
                while (flooding.get()) {
                    peak.accumulateAndGet(server.activeCount(), Math::max);
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
            assertTrue(peak.get() <= limit, "in flight at once: " + peak.get() + ", limit " + limit);
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline);
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
        AtomicInteger completed = new AtomicInteger();
        ConcurrentLinkedQueue<String> corrupt = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(Thread.ofVirtual().name("load-", i).start(() -> downloadUntilCut(server, completed, corrupt)));
        }
        Await.until("some downloads completed", () -> completed.get() >= 12);
        running.close(); // shutdown() and serverClose(): stop accepting, grace, then cut the rest
        for (Thread client : clients) {
            client.join();
        }
        assertTrue(corrupt.isEmpty(), () -> "downloads with a wrong digest: " + corrupt);
        assertEquals(0, server.activeCount());
        assertEquals(0, ProcessHandle.current().children().count(), "no child JVM is left behind");
        Hardening.assertDescriptorsBackTo(baseline);
    }

    /** Downloads random.bin again and again until the server goes away; a finished download must be exact. */
    private static void downloadUntilCut(BaseServer<?> server, AtomicInteger completed, ConcurrentLinkedQueue<String> corrupt) {
        byte[] expected;
        try {
            expected = Files.readAllBytes(world.root.resolve(SampleRoot.RANDOM));
        } catch (IOException e) {
            corrupt.add("cannot read the expected file: " + e);
            return;
        }
        while (true) {
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                for (int i = 0; i < 3; i++) {
                    RawClient.Fetched fetched = client.get(SampleRoot.RANDOM);
                    if (fetched.body().length < expected.length || fetched.digest().length() < 32) {
                        return; // cut by the stop: an incomplete download, which the client can tell
                    }
                    if (!fetched.digest().equals(SampleRoot.md5(expected))
                            || !SampleRoot.md5(fetched.body()).equals(fetched.digest())) {
                        corrupt.add(fetched.reply() + " bytes, digest " + fetched.digest());
                    }
                    completed.incrementAndGet();
                }
            } catch (IOException | NumberFormatException e) {
                return; // refused, reset or closed by the stop
            }
        }
    }
}
