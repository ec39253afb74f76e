package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.Cidr;
import dev.socketserver.Limits;
import dev.socketserver.handlers.RawClient;
import dev.socketserver.handlers.SampleRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The hardening flags of {@code serve}, and a graceful stop on SIGTERM in a real server process. */
@Timeout(60)
class ServeLimitsTest {

    @TempDir
    Path dir;

    @Test
    void flagsBecomeTheServersLimits() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--max-connections", "7", "--idle-timeout", "2.5", "--max-command-length",
                "300", "--allow", "10.0.0.0/8", "--allow", "::1", "--grace", "0.25", "--request-timeout", "1.5");
        Limits limits = serve.limits.limits();
        assertEquals(Duration.ofMillis(1500), limits.requestTimeout());
        assertEquals(7, limits.maxConnections());
        assertEquals(Duration.ofMillis(2500), limits.idleTimeout());
        assertEquals(300, limits.maxCommandLength());
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128")), limits.allow());
        assertEquals(Duration.ofMillis(250), serve.limits.grace);
    }

    @Test
    void defaultsAreSaneAndZeroIdleMeansNone() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        Limits limits = serve.limits.limits();
        assertEquals(Limits.DEFAULT_MAX_CONNECTIONS, limits.maxConnections());
        assertEquals(Duration.ofSeconds(300), limits.idleTimeout());
        assertEquals(Duration.ofSeconds(30), limits.requestTimeout());
        assertEquals(List.of(), limits.allow());
        assertEquals(Duration.ofSeconds(10), serve.limits.grace);
        ServeCommand off = new ServeCommand();
        new CommandLine(off).parseArgs("--idle-timeout", "0", "--request-timeout", "0");
        assertEquals(null, off.limits.limits().idleTimeout());
        assertEquals(null, off.limits.limits().requestTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--max-connections=0", "--max-connections=-3", "--idle-timeout=-1", "--idle-timeout=soon",
            "--grace=1e", "--max-command-length=0", "--allow=10.0.0.1/8", "--allow=bogus", "--allow=10.0.0.0/33",
            "--backlog=0", "--backlog=-3", "--backlog=many", "--request-timeout=-2"})
    void aBadValueIsAUsageErrorNamingIt(String flag) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        int status = commandLine.execute("serve", "--port", "0", "--root", dir.toString(), flag);
        assertEquals(Main.USAGE, status, err.toString());
        String value = flag.substring(flag.indexOf('=') + 1);
        assertTrue(err.toString().contains(value) && err.toString().strip().lines().count() == 1, err.toString());
        String name = flag.substring(0, flag.indexOf('='));
        assertTrue(!name.equals("--backlog") || err.toString().contains(name), "names the flag: " + err);
    }

    @Test
    void theBacklogIsTheSystemsSomaxconnUnlessGiven() throws IOException {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertEquals(ListenBacklog.read(Path.of("/proc/sys/net/core/somaxconn")), serve.limits.backlog());
        assertTrue(serve.limits.backlog() > 5, "more than CPython's 5: " + serve.limits.backlog());
        ServeCommand given = new CommandLine(new ServeCommand()).parseArgs("--backlog", "77").commandSpec()
                .commandLine().getCommand();
        assertEquals(77, given.limits.backlog());
        Path garbage = Files.writeString(dir.resolve("somaxconn"), "lots\n");
        assertEquals(ListenBacklog.FALLBACK, ListenBacklog.read(garbage));
        assertEquals(ListenBacklog.FALLBACK, ListenBacklog.read(dir.resolve("absent")));
        assertEquals(1234, ListenBacklog.read(Files.writeString(dir.resolve("set"), "1234\n")));
    }

    /**
     * A burst of connection-per-request downloads against {@code serve}'s defaults: with CPython's
     * backlog of 5, connects past the queue lose their SYN and wait out a 1 s retransmit.
     */
    @Test
    void aBurstOf200DownloadsWaitsForNoSynRetransmit() throws Exception {
        Path root = sampleRoot();
        Process server = startServer(root);
        try {
            InetSocketAddress address = readyAddress(server);
            byte[] expected = Files.readAllBytes(root.resolve(SampleRoot.SMALL));
            for (int i = 0; i < 20; i++) { // a warm server: the burst measures the queue, not the JIT
                timedDownload(address, expected);
            }
            int clients = 200;
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Long>> times = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                    Thread.ofPlatform().name("burst-client-", 0).factory())) {
                for (int i = 0; i < clients; i++) {
                    times.add(pool.submit(() -> {
                        start.await();
                        return timedDownload(address, expected);
                    }));
                }
                start.countDown();
            }
            List<Long> millis = new ArrayList<>();
            for (var time : times) {
                millis.add(time.get());
            }
            millis.sort(null);
            assertTrue(millis.getLast() < 1000, "a download waited for a SYN retransmit; slowest (ms): "
                    + millis.subList(clients - 20, clients));
        } finally {
            server.destroyForcibly();
        }
    }

    /** One connection, one download checked against {@code expected}; its milliseconds, connect included. */
    private static long timedDownload(InetSocketAddress address, byte[] expected) throws IOException {
        long begin = System.nanoTime();
        try (RawClient client = RawClient.connect(address)) {
            RawClient.Fetched fetched = client.get(SampleRoot.SMALL);
            assertEquals(SampleRoot.md5(expected), fetched.digest());
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    @Test
    void sigtermStopsGracefullyCuttingWhatOutlivesTheGrace() throws Exception {
        Path root = sampleRoot();
        // The idle connection is closed when its handler reaches its next read, which must happen within
        // the grace for it not to be counted as cut: 5 s, where a loaded machine took over 0.5 s.
        Process server = startServer(root, "--grace", "5", "--max-connections", "4", "--allow", "127.0.0.0/8");
        try {
            InetSocketAddress address = readyAddress(server);
            try (RawClient polite = RawClient.connect(address); // both connections are requests in flight
                 RawClient inFlight = RawClient.connect(address)) {
                RawClient.Fetched fetched = polite.get(SampleRoot.RANDOM);
                assertEquals(SampleRoot.md5(Files.readAllBytes(root.resolve(SampleRoot.RANDOM))), fetched.digest());
                inFlight.send("get " + SampleRoot.RANDOM); // and never acknowledges: in flight until cut
                assertEquals(Integer.toString(300 * 1024 + 7), inFlight.reply());

                server.destroy(); // SIGTERM
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops within the grace and a bit");
                assertTrue(inFlight.atEndOfStream(), "the request in flight was cut");
                assertTrue(polite.atEndOfStream(), "the idle connection (waiting for its next command) was closed");
            }
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(log.contains("1 request(s) were cut after the grace period"), log); // the idle one is not cut
            assertTrue(log.contains("socketserver serve: stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }

    /** Sync mode serves inline in the loop's thread: SIGTERM still ends it after the grace. */
    @Test
    void sigtermStopsASyncServerWhileAClientIsConnected() throws Exception {
        Path root = sampleRoot();
        Process server = startServer(root, "--mode", "sync", "--grace", "0.5");
        try {
            InetSocketAddress address = readyAddress(server);
            try (RawClient inFlight = RawClient.connect(address)) {
                inFlight.send("get " + SampleRoot.RANDOM); // and never acknowledges: in flight until cut
                assertEquals(Integer.toString(300 * 1024 + 7), inFlight.reply());

                server.destroy(); // SIGTERM
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the sync server stops within the grace and a bit");
                assertTrue(inFlight.atEndOfStream(), "the request in flight was cut");
            }
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(log.contains("1 request(s) were cut after the grace period"), log);
            assertTrue(log.contains("socketserver serve: stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Forked mode: SIGTERM closes a child idle between two commands at once, while a child in the
     * middle of a download finishes it (the grace is 60 s; nothing is cut), and the server exits 143.
     */
    @Test
    void sigtermOnAForkedServerClosesTheIdleChildAndLetsTheDownloadFinish() throws Exception {
        Path root = sampleRoot();
        byte[] big = SampleRoot.randomBytes(32 << 20, 15);
        Files.write(root.resolve("big.bin"), big);
        Process server = startServer(root, "--mode", "forked", "--grace", "60");
        try {
            InetSocketAddress address = readyAddress(server);
            try (RawClient idle = RawClient.connect(address);
                 RawClient downloading = RawClient.connectSmallBuffer(address)) {
                idle.get(SampleRoot.SMALL); // its child now waits for the next command
                downloading.send("get big.bin");
                assertEquals(Integer.toString(big.length), downloading.reply());
                downloading.send(dev.socketserver.handlers.FileProtocol.SEED_ACK);
                byte[] first = downloading.readExactly(64 * 1024); // the child is blocked mid-body

                server.destroy(); // SIGTERM
                assertTrue(idle.atEndOfStream(), "the idle child's connection was closed");
                assertTrue(server.isAlive(), "the server waits for the download");
                byte[] rest = downloading.readExactly(big.length - first.length);
                String digest = new String(downloading.readExactly(32), StandardCharsets.US_ASCII);
                assertEquals(SampleRoot.md5(big), digest);
                java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
                whole.write(first);
                whole.write(rest);
                assertEquals(SampleRoot.md5(big), SampleRoot.md5(whole.toByteArray()), "the download finished whole");
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops once the download is done");
                assertEquals(143, server.exitValue());
            }
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(!log.contains("were cut") && !log.contains("terminating")
                    && log.contains("socketserver serve: stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }

    /** Ctrl-C (SIGINT) stops gracefully too, with the status a shell expects: 130. */
    @Test
    void ctrlCStopsTheServerWithStatus130() throws Exception {
        Process server = startServer(sampleRoot());
        try {
            InetSocketAddress address = readyAddress(server);
            try (RawClient idle = RawClient.connect(address)) {
                idle.get(SampleRoot.SMALL);
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor());
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "SIGINT stops the server");
                assertEquals(130, server.exitValue());
                assertTrue(idle.atEndOfStream(), "the idle connection was closed");
            }
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(log.contains("socketserver serve: stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }

    private Path sampleRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        SampleRoot.create(root);
        return root;
    }

    /** A {@code serve} process on a free port serving {@code root}; its stderr goes to stderr.txt. */
    private Process startServer(Path root, String... flags) throws IOException {
        return ServeProcess.start(dir, root, flags);
    }

    private static InetSocketAddress readyAddress(Process server) throws IOException {
        return ServeProcess.readyAddress(server);
    }

    @Test
    void refuseHardLinksRefusesAFileWithTwoNames() throws Exception {
        Path root = sampleRoot();
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("secret.txt"), "secret\n");
        Files.createLink(root.resolve("linked.txt"), secret);
        Process server = startServer(root, "--refuse-hardlinks");
        try (RawClient client = RawClient.connect(readyAddress(server))) {
            assertEquals("ERR has other hard links, not served: linked.txt\n", client.reply("get linked.txt"));
            assertEquals(SampleRoot.md5(Files.readAllBytes(root.resolve(SampleRoot.SMALL))),
                    client.get(SampleRoot.SMALL).digest());
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerWithOnlyIdleClientsExitsAtOnce() throws Exception {
        Path root = sampleRoot();
        Process server = startServer(root, "--grace", "30");
        try {
            InetSocketAddress address = readyAddress(server);
            try (RawClient idle = RawClient.connect(address)) { // like `shell` between two commands
                idle.get(SampleRoot.RANDOM);
                long start = System.nanoTime();
                server.destroy();
                assertTrue(server.waitFor(30, TimeUnit.SECONDS));
                // Nothing is being served: the 30 s grace is not waited for, and nothing is cut.
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "stopped without waiting out the grace");
                assertTrue(idle.atEndOfStream(), "the idle connection was closed");
            }
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(!log.contains("were cut") && log.contains("socketserver serve: stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }
}
