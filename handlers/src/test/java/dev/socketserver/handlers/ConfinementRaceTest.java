package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue 9: while clients ask for {@code dir/file}, another local user swaps a
 * directory of the root, or a file in it, with a symbolic link out of the root, atomically and
 * over and over ({@code renameat2(RENAME_EXCHANGE)}). A check by name followed by an open by name
 * loses this race; the server must never send a byte (nor the size) of the file outside.
 */
@Timeout(120)
class ConfinementRaceTest {

    private static final long RACE_NANOS = 20_000_000_000L;
    private static final int CLIENTS = 4;
    private static final List<String> NAMES = List.of("dir/file", "up/file", "files/file");

    @TempDir
    Path dir;

    @Test
    void swappingDirectoriesAndFilesWithLinksOutNeverServesAByteFromOutside() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        byte[] secret = "OUTSIDE SECRET\n".repeat(700).getBytes(StandardCharsets.US_ASCII); // upper case only
        Files.write(outside.resolve("file"), secret);
        Path root = SafePaths.realRoot(Files.createDirectories(dir.resolve("root")));
        byte[] inside = "inside the root\n".repeat(400).getBytes(StandardCharsets.US_ASCII); // lower case only
        for (String name : NAMES) {
            Files.createDirectories(root.resolve(name).getParent());
            Files.write(root.resolve(name), inside);
        }
        List<Path[]> swaps = List.of(
                new Path[] {root.resolve("dir"), Files.createSymbolicLink(root.resolve("dir-out"), outside)},
                new Path[] {root.resolve("up"), Files.createSymbolicLink(root.resolve("up-out"), Path.of("../outside"))},
                new Path[] {root.resolve("files/file"),
                        Files.createSymbolicLink(root.resolve("files/file-out"), Path.of("../../outside/file"))});

        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        LongAdder leaks = new LongAdder();
        ServerOptions options = ServerOptions.builder().mode(Mode.VIRTUAL)
                .handlerConfig(HandlerConfig.of("root", root.toString())).build();
        try (var running = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0),
                FileDownloadHandler.class, options))) {
            long end = System.nanoTime() + RACE_NANOS;
            SocketAddress address = running.server().serverAddress();
            List<Thread> threads = new ArrayList<>();
            threads.add(Thread.ofPlatform().name("race-swapper").start(() -> {
                long exchanges = 0;
                while (System.nanoTime() < end) {
                    Path[] pair = swaps.get((int) (exchanges++ % swaps.size()));
                    ExchangeRename.exchange(pair[0], pair[1]);
                    ExchangeRename.exchange(pair[0], pair[1]);
                }
                outcomes.computeIfAbsent("exchanges", k -> new LongAdder()).add(exchanges);
            }));
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                threads.add(Thread.ofPlatform().name("race-client-" + c).start(() -> {
                    try {
                        fetchUntil(end, address, first, inside, secret.length, outcomes, leaks);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertEquals(0, leaks.sum(), "bytes or sizes from outside the root were served; outcomes " + outcomes);
        for (String name : NAMES) {
            long served = outcomes.getOrDefault("served " + name, new LongAdder()).sum();
            assertTrue(served > 0, name + " was never served, the race proves nothing; outcomes " + outcomes);
        }
    }

    /** One client: asks for the names in turn on a kept connection, reconnecting when it is cut. */
    private static void fetchUntil(long end, SocketAddress address, int first, byte[] inside, long secretSize,
            Map<String, LongAdder> outcomes, LongAdder leaks) throws IOException {
        RawClient client = RawClient.connect(address);
        try {
            for (long turn = first; System.nanoTime() < end; turn++) {
                String name = NAMES.get((int) (turn % NAMES.size()));
                RawClient.Fetched fetched;
                try {
                    fetched = client.get(name);
                } catch (NumberFormatException closed) { // the reply was the end of the stream
                    fetched = new RawClient.Fetched("<eof>", new byte[0], "");
                }
                long size = fetched.reply().matches("[0-9]+") ? Long.parseLong(fetched.reply()) : -1;
                String outcome;
                if (fetched.reply().startsWith("ERR")) {
                    outcome = "refused " + name;
                } else if (size == inside.length && fetched.body().length == size && fetched.digest().length() == 32) {
                    outcome = "served " + name;
                } else {
                    outcome = "cut " + name; // changed while being sent: closed without a digest
                    client.close();
                    client = RawClient.connect(address);
                }
                if (size == secretSize) {
                    leaks.increment();
                }
                for (byte b : fetched.body()) {
                    if (b >= 'A' && b <= 'Z') {
                        leaks.increment();
                        break;
                    }
                }
                outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            }
        } finally {
            client.close();
        }
    }
}
