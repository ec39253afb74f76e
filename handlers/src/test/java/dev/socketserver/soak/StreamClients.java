package dev.socketserver.soak;

import dev.socketserver.Timers;
import dev.socketserver.Mode;
import dev.socketserver.handlers.FileProtocol;
import dev.socketserver.handlers.RawClient;
import dev.socketserver.handlers.SampleRoot;
import dev.socketserver.soak.SoakServers.Target;
import dev.socketserver.soak.SoakServers.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Polite and hostile clients of a file server: each method is one exchange, tallied. */
final class StreamClients {

    /** A client gives up on an exchange after this long (the server's idle timeout is 2 s). */
    private static final long CLIENT_LIMIT_SECONDS = 30;

    static final List<String> HOSTILE_NAMES = List.of("../outside/secret.txt", "/etc/passwd", "link-out",
            "sub/../../outside/secret.txt", "small.txt\0", "%2e%2e/outside/secret.txt", "a".repeat(3000),
            "dir-out/secret.txt", "\uff0e\uff0e/outside/secret.txt", "sub");

    private final Path root;
    private final Map<String, String> digests;
    private final Tally tally;

    StreamClients(Path root, Tally tally) throws IOException {
        this.root = root;
        this.tally = tally;
        this.digests = Map.of(
                SampleRoot.SMALL, SampleRoot.md5(root.resolve(SampleRoot.SMALL)),
                SampleRoot.RANDOM, SampleRoot.md5(root.resolve(SampleRoot.RANDOM)),
                Soak.BIG, SampleRoot.md5(root.resolve(Soak.BIG)));
    }

    /** One to three downloads on one connection, each checked against the file's MD5. */
    void polite(Target target, SplittableRandom random) throws IOException {
        exchange(target, client -> {
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                download(client, List.of(SampleRoot.SMALL, SampleRoot.RANDOM, Soak.BIG).get(random.nextInt(3)));
            }
        });
    }

    private void download(RawClient client, String name) throws IOException {
        RawClient.Fetched fetched = client.get(name);
        long size = Files.size(root.resolve(name));
        if (!fetched.reply().equals(Long.toString(size))) {
            tally.error("download: unexpected reply " + abbreviate(fetched.reply()));
        } else if (fetched.body().length != size) {
            tally.error("download: body cut short");
        } else if (!fetched.digest().equals(digests.get(name)) || !SampleRoot.md5(fetched.body()).equals(digests.get(name))) {
            tally.error(Soak.MD5_MISMATCH);
        } else {
            tally.ok("stream: download, MD5 matched");
        }
    }

    /** A name that must be refused, then a download on the same connection. */
    void hostileName(Target target, SplittableRandom random) throws IOException {
        exchange(target, client -> {
            String name = HOSTILE_NAMES.get(random.nextInt(HOSTILE_NAMES.size()));
            client.send("get " + name + "\n");
            String reply = client.line();
            if (reply.startsWith("ERR ")) {
                tally.ok("stream: hostile name refused with ERR");
            } else {
                tally.error("hostile name not refused: " + abbreviate(name) + " -> " + abbreviate(reply));
            }
            download(client, SampleRoot.SMALL);
        });
    }

    /** Random bytes as commands, one line each; every one must get ERR. */
    void junk(Target target, SplittableRandom random) throws IOException {
        exchange(target, client -> {
            for (int i = random.nextInt(1, 6); i > 0; i--) {
                byte[] junk = new byte[random.nextInt(1, 900)];
                random.nextBytes(junk);
                for (int j = 0; j < junk.length; j++) {
                    junk[j] = junk[j] == '\n' ? (byte) '?' : junk[j];
                }
                junk[0] = junk[0] == 'g' ? (byte) 'G' : junk[0]; // never "get ..." by chance
                client.send(junk);
                client.send("\n");
                String reply = client.line();
                if (reply.startsWith("ERR ")) {
                    tally.ok("stream: random bytes refused with ERR");
                } else {
                    tally.error("random bytes not refused: " + abbreviate(reply));
                }
            }
        });
    }

    /** Starts a big download and vanishes mid-body (with a reset on TCP). */
    void vanish(Target target, SplittableRandom random) throws IOException {
        exchange(target, client -> {
            if (target.transport() == Transport.TCP) {
                client.channel().setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            client.send("get " + Soak.BIG);
            client.reply();
            client.send(FileProtocol.SEED_ACK);
            client.readExactly(random.nextInt(1, 1 << 20));
            tally.ok("stream: client vanished mid-transfer");
        });
    }

    /** Connects and sends nothing: the server must close it after its idle timeout. */
    void silent(Target target) throws IOException {
        try {
            exchange(target, client -> {
                if (client.atEndOfStream()) {
                    tally.ok("stream: silent client closed by the idle timeout");
                } else {
                    tally.error("silent client: the server sent something");
                }
            });
        } catch (IOException reset) {
            tally.ok("stream: silent client closed by the idle timeout");
        }
    }

    /** Connects from 127.0.0.2, outside the allow-list: closed unserved. */
    void refused(Target target) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET)) {
            channel.bind(new InetSocketAddress("127.0.0.2", 0));
            channel.connect(target.server().serverAddress());
            channel.write(ByteBuffer.wrap(("get " + SampleRoot.SMALL).getBytes(StandardCharsets.US_ASCII)));
            int n = channel.read(ByteBuffer.allocate(64));
            if (n < 0) {
                tally.ok("stream: client outside the allow-list refused");
            } else {
                tally.error("allow-list bypassed: a refused client got " + n + " bytes");
            }
        } catch (IOException reset) {
            tally.ok("stream: client outside the allow-list refused");
        }
    }

    /** Many clients at once, more than the connection limit: all are served in turn. */
    void flood(Target target) throws InterruptedException {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 2 * SoakServers.LIMITS.maxConnections(); i++) {
            clients.add(Thread.ofVirtual().name("soak-flood-", i).start(() -> {
                RawClient client;
                try {
                    client = RawClient.connect(target.server().serverAddress());
                } catch (IOException e) {
                    // The listen backlog is full: the kernel turns the client away, which is clean.
                    tally.ok("stream: flood client turned away at a full backlog (" + e.getMessage() + ")");
                    return;
                }
                try (client) {
                    download(client, SampleRoot.SMALL);
                } catch (IOException e) {
                    tally.error("flood", e);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        tally.ok("stream: flood of " + clients.size() + " clients over a limit of " + SoakServers.LIMITS.maxConnections());
    }

    /** Whether the flood exchange makes sense for the mode (sync serves one at a time anyway; forked is slow). */
    static boolean floods(Mode mode) {
        return mode == Mode.THREADED || mode == Mode.VIRTUAL;
    }

    /** One exchange over one connection. */
    @FunctionalInterface
    interface Exchange {
        void run(RawClient client) throws IOException;
    }

    /**
     * Connects, runs {@code exchange} and closes; a watchdog closes the connection should the
     * exchange outlive {@link #CLIENT_LIMIT_SECONDS} (a server that never answers).
     */
    private void exchange(Target target, Exchange exchange) throws IOException {
        try (RawClient client = RawClient.connect(target.server().serverAddress())) {
            ScheduledFuture<?> watchdog = Timers.schedule(() -> {
                tally.error("client gave up after " + CLIENT_LIMIT_SECONDS + " s");
                closeQuietly(client);
            }, CLIENT_LIMIT_SECONDS, TimeUnit.SECONDS);
            try {
                exchange.run(client);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private static void closeQuietly(RawClient client) {
        try {
            client.close();
        } catch (IOException e) {
            org.tinylog.Logger.debug(e, "closing a client that timed out");
        }
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
