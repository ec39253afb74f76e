package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.BaseServer;
import dev.socketserver.Mode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile file names and random bytes as commands, in every mode and stream transport: each gets
 * one {@code ERR} line, nothing outside the root is ever served, the connection stays usable, and
 * no descriptor is left behind.
 */
@Timeout(120)
class HostileInputTest extends HardeningTests {


    /** Names (the bytes after {@code get }) that must never reach a file outside the root, nor crash anything. */
    static List<byte[]> hostileNames() {
        String secret = world.outside.resolve("secret.txt").toString();
        List<String> texts = List.of(
                "../outside/secret.txt", "sub/../../outside/secret.txt", "./../outside/secret.txt",
                "sub/./../../outside/secret.txt", "small.txt/../../outside/secret.txt", "..", "../",
                secret, "/etc/passwd", "//etc/passwd", "/" + "../".repeat(20) + "etc/passwd",
                "link-out", "dir-out/secret.txt", "sub/up/outside/secret.txt", "sub/up/root/small.txt/..",
                "small.txt\0", "\0", "small.txt\0../../outside/secret.txt", "sub\0/nested.txt",
                "a".repeat(10 * 1024), "x/".repeat(500) + "small.txt",
                "%2e%2e/outside/secret.txt", "..%2foutside%2fsecret.txt", "%2fetc%2fpasswd", "small%2etxt",
                "..\\outside\\secret.txt", "\uff0e\uff0e/outside/secret.txt", "\u2025/outside/secret.txt",
                "sub", "sub/", ".", "~/.ssh/id_rsa", "$HOME/.profile", "../outside/secret.txt\r",
                "\u001b[2J", "nope.txt", "");
        List<byte[]> names = new ArrayList<>();
        texts.forEach(text -> names.add(text.getBytes(StandardCharsets.UTF_8)));
        names.add(new byte[] {(byte) 0xff, (byte) 0xfe});                                // not UTF-8 at all
        names.add(new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, '/'});  // overlong "../"
        names.add(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});                   // a lone surrogate
        names.add(new byte[] {'s', 'm', 'a', 'l', 'l', (byte) 0x80, '.', 't', 'x', 't'}); // a stray continuation byte
        return names;
    }

    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void hostileNamesGetErrAndTheConnectionStaysUsable(Mode mode, boolean unix) throws Exception {
        try (var running = RunningServer.start(world.server(mode, unix, dir, UnaryOperator.identity()))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                for (byte[] name : hostileNames()) {
                    client.send(command(name));
                    String reply = client.line();
                    String shown = new String(name, StandardCharsets.UTF_8);
                    shown = shown.substring(0, Math.min(60, shown.length()));
                    assertTrue(reply.startsWith("ERR ") && reply.endsWith("\n"), "get " + shown + " -> " + reply);
                    assertFalse(reply.contains("secret,"), "get " + shown + " leaked the secret");
                    world.assertDownload(client, SampleRoot.SMALL); // still in step, still serving
                }
            }
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    @ParameterizedTest(name = "{0} unix={1}")
    @MethodSource("dev.socketserver.handlers.Hardening#modesAndTransports")
    void randomBytesAsCommandsGetErrAndTheServerCarriesOn(Mode mode, boolean unix) throws Exception {
        try (var running = RunningServer.start(world.server(mode, unix, dir, UnaryOperator.identity()))) {
            BaseServer<?> server = running.server();
            int baseline = world.warmBaseline(server);
            SplittableRandom random = new SplittableRandom(mode.ordinal() * 2L + (unix ? 1 : 0));
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                for (int i = 0; i < 200; i++) {
                    byte[] junk = new byte[random.nextInt(1000)];
                    random.nextBytes(junk);
                    for (int j = 0; j < junk.length; j++) {
                        if (junk[j] == '\n') {
                            junk[j] = '?'; // one command per line, so one reply each
                        }
                    }
                    client.send(withNewline(junk));
                    String reply = client.line();
                    assertTrue(reply.startsWith("ERR ") && reply.endsWith("\n"), "junk #" + i + " -> " + reply);
                }
                world.assertDownload(client, SampleRoot.RANDOM);
            }
            // Unframed junk (newlines anywhere, any length), then the client vanishes.
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                byte[] junk = new byte[64 * 1024];
                random.nextBytes(junk);
                client.send(junk);
            }
            try (RawClient client = RawClient.connect(server.serverAddress())) {
                world.assertDownload(client, SampleRoot.RANDOM);
            }
            Await.until("every request has ended", () -> server.activeCount() == 0);
            Hardening.assertDescriptorsBackTo(baseline, server);
        }
    }

    @Test
    void theCommandLimitComesFromTheServersLimits() throws Exception {
        var tune = Hardening.limits(limits -> limits.maxCommandLength(64));
        try (var running = RunningServer.start(world.server(Mode.VIRTUAL, false, dir, tune));
             RawClient client = RawClient.connect(running.server().serverAddress())) {
            client.send("get " + "n".repeat(61) + "\n"); // 66 bytes
            String reply = client.line();
            assertTrue(reply.startsWith("ERR command too long (more than 64 bytes)"), reply);
            client.send("get " + "n".repeat(59) + "\n"); // 64 bytes with the newline: within the limit
            assertTrue(client.line().startsWith("ERR no such file"));
            world.assertDownload(client, SampleRoot.SMALL);
        }
    }

    @Test
    void aCommandThatArrivesRightAfterAnOverLongOneIsReadWhole() throws Exception {
        // The second command shares a read with the tail of the first: the reader must not take
        // the part of it that fitted the buffer as a command of its own.
        byte[] stream = ("get " + "n".repeat(61) + "\nget " + "m".repeat(59) + "\n").getBytes(StandardCharsets.US_ASCII);
        CommandReader reader = new CommandReader(new java.io.ByteArrayInputStream(stream), 64);
        RefusedException tooLong = org.junit.jupiter.api.Assertions.assertThrows(RefusedException.class, reader::nextCommand);
        assertTrue(tooLong.reason().startsWith("command too long"), tooLong.reason());
        org.junit.jupiter.api.Assertions.assertEquals("get " + "m".repeat(59),
                new String(reader.nextCommand(), StandardCharsets.US_ASCII));
        org.junit.jupiter.api.Assertions.assertNull(reader.nextCommand());
    }

    private static byte[] command(byte[] name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("get ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(name);
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] withNewline(byte[] bytes) {
        byte[] line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = '\n';
        return line;
    }
}
