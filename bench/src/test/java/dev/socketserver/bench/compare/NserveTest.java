package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nserve, the native peer: the protocol, the handler's path checks, its MD5 (both builds), and nload against it. */
class NserveTest {

    @TempDir
    Path dir;

    private Path root() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] data = new byte[200_003]; // not a whole number of MD5 blocks or read chunks
        new Random(7).nextBytes(data);
        Files.write(root.resolve("data.bin"), data);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/small.txt"), "hello\n");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("escape"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("sub/inside-link"), root.resolve("data.bin"));
        return root;
    }

    @Test
    void servesFilesAndRefusesWhatTheHandlerRefuses() throws Exception {
        checkServer(NativeTools.tools());
    }

    @Test
    void builtInMd5GivesTheSameDigests() throws Exception {
        checkServer(NativeTools.build("native-builtin-md5", "MD5=builtin"));
    }

    private void checkServer(Path tools) throws Exception {
        Path root = root();
        try (ServerProcess server = ServerProcess.start(List.of(tools.resolve("nserve").toString(), "-p", "0", root.toString()),
                dir.resolve("nserve.log"));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            for (String name : List.of("data.bin", "sub/small.txt", "./sub/small.txt")) {
                byte[] expected = Files.readAllBytes(root.resolve(name));
                assertEquals(expected.length + md5(expected), download(socket, name), name);
            }
            assertEquals("ERR no such file: missing", command(socket, "get missing"));
            assertEquals("ERR is a directory: sub", command(socket, "get sub"));
            assertEquals("ERR absolute paths are not served: /etc/passwd", command(socket, "get /etc/passwd"));
            assertEquals("ERR '..' is not allowed in a file name: sub/../data.bin", command(socket, "get sub/../data.bin"));
            assertEquals("ERR outside the served directory: escape", command(socket, "get escape"));
            // Symlinks are refused even when they stay inside: RESOLVE_NO_SYMLINKS, as the confined open does.
            assertTrue(command(socket, "get sub/inside-link").startsWith("ERR "));
            assertEquals("ERR unknown command, expected 'get NAME'", command(socket, "put x"));
            assertEquals("ERR file name contains a control character: a\tb", command(socket, "get a\tb"));
            // The connection survived every refusal.
            assertEquals("6" + md5("hello\n".getBytes(StandardCharsets.UTF_8)), download(socket, "sub/small.txt"));
        }
    }

    @Test
    void nloadMeasuresNserveInBothLoops() throws Exception {
        Path tools = NativeTools.tools();
        Path root = root();
        try (ServerProcess server = ServerProcess.start(List.of(tools.resolve("nserve").toString(), "-p", "0", root.toString()),
                dir.resolve("nserve.log"))) {
            for (List<String> loop : List.of(List.of("-m", "closed", "-C", "new"), List.of("-m", "open", "-r", "200", "-C", "kept"))) {
                List<String> command = new java.util.ArrayList<>(List.of(tools.resolve("nload").toString(), "-c", "2", "-d", "1", "-w", "0.1"));
                command.addAll(loop);
                command.addAll(List.of("127.0.0.1:" + server.port(), "sub/small.txt"));
                NativeTools.Result result = NativeTools.run(command);
                assertEquals(0, result.exit(), result.err());
                String[] lines = result.out().split("\n");
                assertEquals(2, lines.length, result.out());
                JsonNode summary = Jsons.MAPPER.readTree(lines[1]);
                assertTrue(summary.get("requests").asLong() > 0, lines[1]);
                assertEquals(0, summary.get("errors").asLong(), lines[1]);
                assertTrue(summary.get("p50_ms").asDouble() <= summary.get("p99_ms").asDouble(), lines[1]);
                assertTrue(summary.get("p99_ms").asDouble() <= summary.get("max_ms").asDouble(), lines[1]);
            }
        }
    }

    /** -s: one line per recorded request, in the order they fell due, within the window, connect time inside the latency. */
    @Test
    void nloadWritesEveryRecordedRequestToItsSeries() throws Exception {
        Path tools = NativeTools.tools();
        Path root = root();
        Path series = dir.resolve("series.txt");
        try (ServerProcess server = ServerProcess.start(List.of(tools.resolve("nserve").toString(), "-p", "0", root.toString()),
                dir.resolve("nserve.log"))) {
            NativeTools.Result result = NativeTools.run(List.of(tools.resolve("nload").toString(), "-m", "open", "-r", "200",
                    "-c", "2", "-C", "new", "-d", "1", "-w", "0.2", "-s", series.toString(), "127.0.0.1:" + server.port(), "sub/small.txt"));
            assertEquals(0, result.exit(), result.err());
            JsonNode summary = Jsons.MAPPER.readTree(result.out().split("\n")[1]);
            List<String> lines = Files.readAllLines(series);
            assertEquals("# due_ms latency_ms connect_ms", lines.getFirst());
            assertEquals(summary.get("requests").asLong(), lines.size() - 1, "a line per recorded request");
            double lastDue = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(" ");
                double due = Double.parseDouble(fields[0]);
                double latency = Double.parseDouble(fields[1]);
                double connect = Double.parseDouble(fields[2]);
                assertTrue(due >= lastDue && due < 1000, "in the window, in order: " + line);
                assertTrue(connect > 0 && connect <= latency, "a new connection's connect() is part of its latency: " + line);
                lastDue = due;
            }
            assertTrue(lastDue > 900, "the series covers the window: last due at " + lastDue + " ms");
        }
        // a series that cannot be written is refused before the run, not after it
        NativeTools.Result unwritable = NativeTools.run(List.of(tools.resolve("nload").toString(),
                "-s", dir.resolve("no/such/dir/series").toString(), "127.0.0.1:1", "f"));
        assertEquals(2, unwritable.exit(), unwritable.err());
        assertTrue(unwritable.err().startsWith("nload: cannot write the series to ") && unwritable.err().contains("No such file"),
                unwritable.err());
    }

    private static String md5(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** One download: the size reply followed by the digest, e.g. {@code 6b1946ac...}. */
    private static String download(Socket socket, String name) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(("get " + name).getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[64];
        int n = in.read(buffer);
        String size = new String(buffer, 0, n, StandardCharsets.US_ASCII);
        out.write("ok".getBytes(StandardCharsets.US_ASCII));
        byte[] rest = in.readNBytes(Integer.parseInt(size) + 32);
        return size + new String(rest, rest.length - 32, 32, StandardCharsets.US_ASCII);
    }

    /** A command whose answer is one {@code ERR} line, without its newline. */
    private static String command(Socket socket, String command) throws IOException {
        socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[1024];
        int n = socket.getInputStream().read(buffer);
        String line = new String(buffer, 0, n, StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n"), line);
        return line.substring(0, line.length() - 1);
    }
}
