package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nload's bad input: one clear line on standard error and a non-zero exit, never a run of errors. */
class NloadTest {

    private static NativeTools.Result nload(String... args) {
        List<String> command = new ArrayList<>(List.of(NativeTools.tools().resolve("nload").toString()));
        command.addAll(List.of(args));
        return NativeTools.run(command);
    }

    private static void assertOneLine(NativeTools.Result result, int exit, String expected) {
        assertEquals(exit, result.exit(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("nload: ") && result.err().endsWith("\n")
                && result.err().indexOf('\n') == result.err().length() - 1, "one line: " + result.err());
        assertTrue(result.err().contains(expected), result.err());
    }

    @Test
    void unknownModeIsOneLine() {
        assertOneLine(nload("-m", "fast", "127.0.0.1:1", "f"), 2, "unknown mode 'fast': expected closed or open");
    }

    @Test
    void unknownConnectionKindIsOneLine() {
        assertOneLine(nload("-C", "sometimes", "127.0.0.1:1", "f"), 2, "unknown connection 'sometimes'");
    }

    @Test
    void rateZeroIsOneLine() {
        assertOneLine(nload("-m", "open", "-r", "0", "127.0.0.1:1", "f"), 2, "rate (-r) must be a positive number, got '0'");
    }

    @Test
    void openLoopWithoutARateIsOneLine() {
        assertOneLine(nload("-m", "open", "127.0.0.1:1", "f"), 2, "open loop needs a rate");
    }

    @Test
    void addressWithoutAPortIsOneLine() {
        assertOneLine(nload("localhost", "f"), 2, "address must be HOST:PORT, got 'localhost'");
    }

    @Test
    void unreachableServerIsOneLine() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertOneLine(nload("-d", "1", "127.0.0.1:" + port, "f"), 1, "cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void serverAnsweringGarbageIsOneLine() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread garbage = Thread.ofPlatform().name("garbage-server").start(() -> answerGarbage(listener));
            NativeTools.Result result = nload("-d", "1", "127.0.0.1:" + listener.getLocalPort(), "f");
            assertOneLine(result, 1, "server answered 'HTTP/1.0 400 Bad\\u000a' instead of a size");
            garbage.join(10_000);
        }
    }

    /**
     * A run whose later requests get a reply with a control character still prints a JSON line the
     * bench can read, with the reply in its first error: nload escaped it as {@code \\x0a}, which
     * JSON refuses, and make bench's forked step stopped on it.
     */
    @Test
    void aGarbledReplyInARunLeavesItsJsonReadable() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().name("garbling-server").daemon().start(() -> {
                answer(listener, "5", "hello" + "0".repeat(32)); // the probe gets a good answer
                while (!listener.isClosed()) {
                    try {
                        answerGarbage(listener);
                    } catch (IllegalStateException e) {
                        if (!listener.isClosed()) {
                            throw e;
                        }
                    }
                }
            });
            NativeTools.Result result = nload("-c", "1", "-C", "new", "-d", "0.5", "-w", "0", "127.0.0.1:" + listener.getLocalPort(), "f");
            assertEquals(1, result.exit(), result.err());
            String json = result.out().lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
            JsonNode run = Jsons.MAPPER.readTree(json);
            assertTrue(run.get("errors").asInt() > 0, json);
            assertEquals("server answered 'HTTP/1.0 400 Bad\n' instead of a size", run.get("first_error").asText());
            listener.close();
            server.join(10_000);
        }
    }

    @Test
    void serverCuttingTheBodyIsOneLine() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread cutter = Thread.ofPlatform().name("cutting-server").start(() -> answer(listener, "4096", "short"));
            NativeTools.Result result = nload("-d", "1", "127.0.0.1:" + listener.getLocalPort(), "f");
            assertOneLine(result, 1, "server closed the connection while sending the body");
            cutter.join(10_000);
        }
    }

    @Test
    void silentServerIsOneLineAfterTheTimeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The kernel completes the handshake from the backlog; nothing ever reads or answers.
            NativeTools.Result result = nload("-t", "0.5", "-d", "1", "127.0.0.1:" + listener.getLocalPort(), "f");
            assertOneLine(result, 1, "nothing received within 0.5 s (waiting for the size)");
        }
    }

    private static void answerGarbage(ServerSocket listener) {
        answer(listener, "HTTP/1.0 400 Bad\n", null);
    }

    /** Accepts one connection, reads the command, sends {@code reply}; then, after the ack, {@code body}. */
    private static void answer(ServerSocket listener, String reply, String body) {
        try (Socket connection = listener.accept()) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[1024];
            in.read(buffer);
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            if (body != null && in.read(buffer) > 0) {
                out.write(body.getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new IllegalStateException("test server failed", e);
        }
    }
}
