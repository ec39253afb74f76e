package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A zero-length Unix datagram is a request like any other, as in CPython and as over UDP: it is
 * served and gets its (empty) echo (issue 9, point 12). The client is CPython's socket module,
 * which sends and receives empty datagrams; junixsocket's channel does neither.
 */
@Timeout(60)
class EmptyDatagramTest {

    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "s.settimeout(20)",
            "for payload in (b'', b'x', b''):",
            "    s.sendto(payload, sys.argv[2])",
            "    data, sender = s.recvfrom(100)",
            "    print(len(data), sender == sys.argv[2])");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEmptyUnixDatagramIsEchoed(Mode mode) throws Exception {
        ServerOptions options = mode == Mode.FORKED ? ForkedTesting.options() : ServerOptions.builder().mode(mode).build();
        Path serverPath = dir.resolve("server.sock");
        try (var server = new UnixDatagramServer(serverPath, EchoRoundTripTest.DatagramEcho.class, options);
             ServingThread loop = ServingThread.start(server)) {
            assertEquals("0 True\n1 True\n0 True\n", python(dir.resolve("client.sock"), serverPath));
        }
    }

    private static String python(Path client, Path server) throws Exception {
        Process process = new ProcessBuilder(python3(), "-c", CLIENT, client.toString(), server.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "the Python client failed:\n" + output);
        return output;
    }

    /** python3 from PATH, else /usr/bin/python3; missing, the test fails (it is never skipped). */
    private static String python3() {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/bin/python3";
    }
}
