package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.handlers.RawClient;
import dev.socketserver.handlers.SampleRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fresh {@code serve} whose descriptors run out before its first request: started with
 * {@code ulimit -n 64}, flooded with connections until accept fails with "too many open
 * files", it stays up, and once the connections close it serves a download. Before the error
 * paths were loaded at start, the first accept error's log call loaded the logging backend,
 * which needed a descriptor, and an {@link UnsatisfiedLinkError} ended the process.
 */
@Tag("jar")
@Timeout(120)
class DescriptorExhaustionIT {

    private static final int DESCRIPTOR_LIMIT = 64;
    /** More than the server can hold under the limit, counting what the JVM itself keeps open. */
    private static final int FLOOD = 100;

    @TempDir
    Path dir;

    /** Modes that hold every connection at once (sync mode serves one at a time and would never run out). */
    @ParameterizedTest
    @ValueSource(strings = {"virtual", "threaded"})
    void aServerOutOfDescriptorsSurvivesAndServesOnceTheyFree(String mode) throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        SampleRoot.create(root);
        Path stderr = dir.resolve("serve.stderr");
        Path jar = Path.of(System.getProperty("socketserver.jar", "target/socketserver.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder("bash", "-c", "ulimit -n " + DESCRIPTOR_LIMIT + " && exec \"$0\" -jar \"$1\""
                + " serve --port 0 --mode \"$2\" --root \"$3\"", java, jar.toString(), mode, root.toString())
                .redirectError(stderr.toFile()).start();
        List<Socket> flood = new ArrayList<>();
        try {
            InetSocketAddress address = readyAddress(server, stderr);
            for (int i = 0; i < FLOOD && server.isAlive(); i++) {
                Socket socket = connectOrGiveUp(address);
                flood.add(socket);
                if (!socket.isConnected()) {
                    break; // the server accepts no more and its backlog is full: the flood has done its work
                }
            }
            awaitLog(server, stderr, "Too many open files");
            assertTrue(server.isAlive(), "the server died of the accept error: " + Files.readString(stderr));
            for (Socket socket : flood) {
                socket.close();
            }
            byte[] expected = Files.readAllBytes(root.resolve(SampleRoot.RANDOM));
            RawClient.Fetched fetched = downloadWhenServed(address);
            assertEquals(SampleRoot.md5(expected), fetched.digest(), Files.readString(stderr));
            assertEquals(SampleRoot.md5(expected), SampleRoot.md5(fetched.body()));
            assertTrue(server.isAlive(), Files.readString(stderr));
            String log = Files.readString(stderr);
            assertTrue(!log.contains("UnsatisfiedLinkError") && !log.contains("Exception in thread"), log);
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
            server.destroyForcibly();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /**
     * A connection, or an unconnected socket when the connect failed: timed out when the
     * server's backlog is full, refused when its listening socket is gone (the server died;
     * the assertion after the flood reports it).
     */
    private static Socket connectOrGiveUp(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, 2000);
        } catch (SocketTimeoutException | ConnectException notConnected) {
            socket.close();
        }
        return socket;
    }

    /** A whole download, retried while the server is still catching up with the closed flood. */
    private static RawClient.Fetched downloadWhenServed(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (RawClient client = RawClient.connect(address)) {
                RawClient.Fetched fetched = client.get(SampleRoot.RANDOM);
                if (!fetched.digest().isEmpty()) {
                    return fetched;
                }
            } catch (IOException | NumberFormatException e) { // cut, or closed before the size reply
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no download within 60 s of the descriptors freeing");
            }
            Thread.sleep(200);
        }
    }

    private static void awaitLog(Process server, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(text) && server.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in the log: " + Files.readString(log));
            Thread.sleep(50);
        }
    }

    private static InetSocketAddress readyAddress(Process server, Path stderr) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        Matcher port = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(ready));
        assertTrue(port.find(), "ready line: " + ready + "; stderr: " + Files.readString(stderr));
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
    }
}
