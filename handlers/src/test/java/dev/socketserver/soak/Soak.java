package dev.socketserver.soak;

import dev.socketserver.handlers.SampleRoot;
import dev.socketserver.internal.OpenDescriptors;
import dev.socketserver.soak.SoakServers.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code make soak}: mixed polite and hostile traffic against every transport in every mode, on
 * loopback, for a set time; then a report of the exchanges, the errors by kind, and how the
 * server JVM's descriptors and heap grew. Servers and clients share this JVM, so descriptors are
 * compared while no client is connected.
 *
 * <pre>
 * make soak SOAK_SECONDS=60
 * </pre>
 *
 * Exits 1 when a download's MD5 did not match, descriptors leaked, or a child JVM was left.
 */
public final class Soak {

    static final String BIG = "big.bin";
    static final String MD5_MISMATCH = "download: MD5 mismatch";

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 60);
        Path dir = Files.createTempDirectory("socketserver-soak");
        try {
            System.exit(run(duration, dir));
        } finally {
            deleteTree(dir);
        }
    }

    private static int run(Duration duration, Path dir) throws Exception {
        Path root = SampleRoot.create(Files.createDirectories(dir.resolve("root")));
        Files.write(root.resolve(BIG), SampleRoot.randomBytes(2 << 20, 3));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "never served\n");
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), outside);
        Path sockets = Files.createDirectories(dir.resolve("sockets"));

        Tally tally = new Tally();
        StreamClients streams = new StreamClients(root, tally);
        // A first set of servers, opened and closed untouched: the libraries' one-time descriptors
        // (junixsocket keeps a socket from its first use) belong to the "before" count.
        new SoakServers(root, Files.createDirectories(dir.resolve("first-sockets"))).close();
        int fdsBefore = OpenDescriptors.count();
        Snapshot start;
        Snapshot end;
        int fdsAfterClose;
        try (SoakServers servers = new SoakServers(root, sockets)) {
            warmUp(servers, root, sockets);
            start = Snapshot.take(servers);
            long deadline = System.nanoTime() + duration.toNanos();
            List<Thread> workers = new ArrayList<>();
            int index = 0;
            for (Target target : servers.targets) {
                int count = switch (target.mode()) {
                    case SYNC, FORKED -> 1;
                    case THREADED, VIRTUAL -> 3;
                };
                for (int i = 0; i < count; i++) {
                    long seed = index++;
                    // Platform threads: junixsocket's datagram calls block in native code, which
                    // would hold a virtual thread's carrier (two carriers on two cores).
                    workers.add(Thread.ofPlatform().name("soak-" + target.name() + "-", i).start(() ->
                            drive(target, new SplittableRandom(seed), deadline, streams, sockets, tally)));
                }
            }
            for (Thread worker : workers) {
                worker.join();
            }
            end = Snapshot.take(servers);
        }
        fdsAfterClose = OpenDescriptors.awaitAtMost(fdsBefore, Duration.ofSeconds(10));
        long children = ProcessHandle.current().children().count();
        report(duration, tally, fdsBefore, start, end, fdsAfterClose, children);
        boolean failed = tally.errors(MD5_MISMATCH) > 0 || end.fds() > start.fds() || fdsAfterClose > fdsBefore
                || children > 0;
        return failed ? 1 : 0;
    }

    /** One exchange with each server, uncounted, so that what is made lazily exists before the baseline. */
    private static void warmUp(SoakServers servers, Path root, Path sockets) throws Exception {
        Tally uncounted = new Tally();
        StreamClients streams = new StreamClients(root, uncounted);
        for (Target target : servers.targets) {
            if (target.transport().datagram) {
                String name = "warm-up-" + target.transport().flag() + "-" + target.mode().flag();
                try (DatagramClients datagrams = new DatagramClients(target, sockets, name, uncounted)) {
                    datagrams.polite(new SplittableRandom(0));
                }
            } else {
                streams.polite(target, new SplittableRandom(0));
            }
        }
        awaitIdle(servers);
    }

    /** One client's loop: a weighted mix of exchanges until the deadline. */
    private static void drive(Target target, SplittableRandom random, long deadline, StreamClients streams,
                              Path sockets, Tally tally) {
        if (target.transport().datagram) {
            String name = "client-" + target.transport().flag() + "-" + target.mode().flag() + "-" + random.nextInt();
            try (DatagramClients datagrams = new DatagramClients(target, sockets, name, tally)) {
                while (System.nanoTime() < deadline) {
                    int pick = random.nextInt(100);
                    try {
                        if (pick < 80) {
                            datagrams.polite(random);
                        } else if (pick < 90) {
                            datagrams.oversized(random);
                        } else {
                            datagrams.empty();
                        }
                    } catch (IOException e) {
                        tally.error("datagram", e);
                    }
                }
            } catch (IOException e) {
                tally.error("datagram client socket", e);
            }
            return;
        }
        while (System.nanoTime() < deadline) {
            int pick = random.nextInt(100);
            String exchange = "polite";
            try {
                if (pick < 55) {
                    streams.polite(target, random);
                } else if (pick < 65) {
                    exchange = "hostile name";
                    streams.hostileName(target, random);
                } else if (pick < 75) {
                    exchange = "random bytes";
                    streams.junk(target, random);
                } else if (pick < 85) {
                    exchange = "vanish";
                    streams.vanish(target, random);
                } else if (pick < 90 && target.transport() == SoakServers.Transport.TCP) {
                    exchange = "outside the allow-list";
                    streams.refused(target);
                } else if (pick < 95 && StreamClients.floods(target.mode())) {
                    exchange = "flood";
                    streams.flood(target);
                } else if (pick < 97) {
                    exchange = "silent";
                    streams.silent(target);
                } else {
                    streams.polite(target, random);
                }
            } catch (IOException e) {
                tally.error(exchange, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitIdle(SoakServers servers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (servers.activeCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling the servers' own count: nothing to wait on across 16 servers
        }
    }

    /** The server JVM at rest: descriptors and heap after a full GC. */
    record Snapshot(int fds, long heapBytes, int threads) {
        static Snapshot take(SoakServers servers) throws InterruptedException {
            awaitIdle(servers);
            int fds = OpenDescriptors.count();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Snapshot(fds, heap, Thread.activeCount());
        }
    }

    private static void report(Duration duration, Tally tally, int fdsBefore, Snapshot start, Snapshot end,
                               int fdsAfterClose, long children) {
        StringBuilder out = new StringBuilder();
        out.append("soak: ").append(duration.toSeconds()).append(" s of mixed traffic against 16 servers")
                .append(" (tcp, unix, udp, unix-dgram x sync, threaded, virtual, forked), loopback\n");
        out.append("exchanges as expected: ").append(tally.okTotal()).append('\n');
        tally.okByExchange().forEach((exchange, count) -> out.append(String.format("  %8d  %s%n", count, exchange)));
        out.append("errors: ").append(tally.errorTotal()).append('\n');
        Map<String, Long> errors = tally.errorsByKind();
        errors.forEach((kind, count) -> out.append(String.format("  %8d  %s%n", count, kind)));
        out.append(String.format("descriptors: %d before the servers; %d with them idle at the start, %d at the end"
                + " (growth %+d); %d after closing them (growth %+d)%n", fdsBefore, start.fds(), end.fds(),
                end.fds() - start.fds(), fdsAfterClose, fdsAfterClose - fdsBefore));
        out.append(String.format("heap after GC: %.1f MiB at the start, %.1f MiB at the end (growth %+.1f MiB);"
                + " live threads %d -> %d%n", mib(start.heapBytes()), mib(end.heapBytes()),
                mib(end.heapBytes() - start.heapBytes()), start.threads(), end.threads()));
        out.append("child JVMs left: ").append(children).append('\n');
        if (end.fds() > start.fds() || fdsAfterClose > fdsBefore) {
            out.append("open descriptors now: ").append(OpenDescriptors.describe()).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
