package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.UnixStreamServer;
import dev.socketserver.handlers.FileDownloadHandler;
import dev.socketserver.handlers.RunningServer;
import dev.socketserver.handlers.SampleRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command line, run in-process through picocli; the jar itself is tried by {@code JarIT}. */
@Timeout(60)
class MainTest {

    @TempDir
    Path dir;

    Path root;
    Path downloads;
    RunningServer<TcpServer> server;

    /** One run's exit status and output. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeEach
    void start() throws IOException {
        root = SampleRoot.create(Files.createDirectory(dir.resolve("root")));
        downloads = Files.createDirectory(dir.resolve("downloads"));
        server = RunningServer.start(new TcpServer(new InetSocketAddress("127.0.0.1", 0), FileDownloadHandler.class,
                ServerOptions.builder().mode(Mode.VIRTUAL).handlerConfig(HandlerConfig.of("root", root.toString())).build()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private String port() {
        return Integer.toString(server.server().serverAddress().getPort());
    }

    static Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return runWithInput("", args);
    }

    @Test
    void helpDocumentsEveryOption() {
        Run serve = run("serve", "--help");
        assertEquals(0, serve.status());
        for (String option : List.of("--mode", "--transport", "--host", "--port", "--path", "--handler", "--root", "--help")) {
            assertTrue(serve.out().contains(option), option + " in\n" + serve.out());
        }
        for (Mode mode : Mode.values()) {
            assertTrue(serve.out().contains(mode.flag()), mode.flag());
        }
        assertTrue(serve.out().contains("tcp, udp, unix, unix-dgram") && serve.out().contains("file, echo"), serve.out());
        Run get = run("get", "--help");
        for (String option : List.of("NAME", "--host", "--port", "--path", "--output", "--force", "--timeout")) {
            assertTrue(get.out().contains(option), option + " in\n" + get.out());
        }
        assertTrue(run("shell", "--help").out().contains("--directory"));
        assertTrue(run("--help").out().contains("serve") && run("--help").out().contains("shell"));
    }

    static Stream<List<String>> badCommandLines() {
        return Stream.of(
                List.of(),
                List.of("fetch"),
                List.of("serve", "--mode", "bogus"),
                List.of("serve", "--transport", "sctp"),
                List.of("serve", "--handler", "ftp"),
                List.of("serve", "--port", "-1"),
                List.of("serve", "--port", "many"),
                List.of("serve", "--transport", "udp"),
                List.of("serve", "--transport", "unix-dgram", "--path", "x.sock"),
                List.of("serve", "--transport", "unix"),
                List.of("serve", "--transport", "unix", "--path", "x.sock", "--port", "1"),
                List.of("serve", "--path", "x.sock"),
                List.of("serve", "--root", "/nonexistent/dir"),
                List.of("serve", "--max-connections", "0"),
                List.of("serve", "--host", "no-such-host.invalid"),
                List.of("serve", "--unknown"),
                List.of("get"),
                List.of("get", "--path", "s.sock", "--port", "1", "x"),
                List.of("get", "--port", "99999", "x"),
                List.of("get", "--timeout", "0", "x"),
                List.of("shell", "-d", "/nonexistent"),
                List.of("shell", "--port", "1", "--directory", "pom.xml")); // a file: the module's own
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineAndStatus2(List<String> args) {
        Run run = run(args.toArray(String[]::new));
        assertEquals(2, run.status(), args + ": " + run.err());
        assertEquals(1, run.errLines().size(), args + ": " + run.err());
        assertTrue(run.err().startsWith("socketserver"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void usageErrorsSayWhatIsWrongOnce() throws IOException {
        assertEquals(List.of("socketserver: unknown command 'bogus': serve, get, load or shell (see --help)"),
                run("bogus").errLines());
        assertEquals(List.of("socketserver serve: --path must not be empty (see --help)"),
                run("serve", "--transport", "unix", "--path", "").errLines());
        assertEquals(2, run("serve", "--path", "").status());
        Path missing = dir.resolve("missing");
        assertEquals(List.of("socketserver serve: --root " + missing + " is not a usable directory: no such file or"
                + " directory (see --help)"), run("serve", "--port", "0", "--root", missing.toString()).errLines());
        Path file = Files.writeString(dir.resolve("plain-file"), "not a socket");
        Run notASocket = run("serve", "--transport", "unix", "--path", file.toString(), "--root", root.toString());
        assertEquals(1, notASocket.status());
        assertEquals(List.of("socketserver serve: cannot listen on " + file + ": exists and is not a socket; refusing to"
                + " replace it"), notASocket.errLines());
    }

    @Test
    void versionIsPrinted() {
        Run version = run("--version");
        assertEquals(0, version.status(), version.err());
        assertTrue(version.out().startsWith("socketserver ") && version.out().contains("Java 25"), version.out());
    }

    @Test
    void getRefusesATrailingSlashOnAFile() throws IOException {
        Run run = run("get", "--port", port(), SampleRoot.SMALL + "/", "-o", downloads.resolve("x").toString());
        assertEquals(1, run.status());
        assertEquals(List.of("socketserver get: server refused: not a directory: small.txt/"), run.errLines());
        assertFalse(Files.exists(downloads.resolve("x")));
    }

    /** Runs {@code serve ARGS} in a JVM of its own in {@code workDir}; returns its status and output. */
    private static Run serveIn(Path workDir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(List.of(args));
        Process serve = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(serve.waitFor(), "", output);
    }

    /** A serve that cannot listen leaves no ./sample-files behind (run in a directory of its own). */
    @Test
    void aFailedServeRemovesTheSampleFilesItCreated() throws Exception {
        Path workDir = Files.createDirectory(dir.resolve("work"));
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Run serve = serveIn(workDir, "--sample-files", "--port", Integer.toString(port));
            assertEquals(1, serve.status(), serve.err());
            assertEquals(List.of("socketserver serve: cannot listen on 127.0.0.1:" + port + ": Address already in use"),
                    serve.errLines(), "a taken port is one line with the address");
            try (Stream<Path> left = Files.list(workDir)) {
                assertEquals(List.of(), left.toList(), "nothing left behind");
            }
        }
    }

    /** Only --sample-files (make run) creates ./sample-files: serve run in any other directory leaves it alone. */
    @Test
    void serveCreatesNoSampleFilesUnlessAsked() throws Exception {
        Path workDir = Files.createDirectory(dir.resolve("elsewhere"));
        Run serve = serveIn(workDir, "--port", "0");
        assertEquals(2, serve.status(), serve.err());
        assertEquals(List.of("socketserver serve: no --root given and ./sample-files does not exist: give --root DIR,"
                + " or --sample-files to create ./sample-files with sample files (see --help)"), serve.errLines());
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList(), "nothing created");
        }
    }

    /** The echo handler serves no files: a --root with it is ignored, with a warning, not refused. */
    @Test
    void rootWithTheEchoHandlerIsIgnoredWithAWarning() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Run serve = serveIn(dir, "--handler", "echo", "--root", ".", "--port", Integer.toString(port));
            assertEquals(List.of("socketserver serve: --root . is ignored: the echo handler serves no files",
                    "socketserver serve: cannot listen on 127.0.0.1:" + port + ": Address already in use"), serve.errLines());
        }
    }

    @Test
    void aLimitOutOfRangeNamesTheFlag() {
        assertEquals(List.of("socketserver serve: Invalid value for option '--max-connections': '0' is not a whole"
                + " number >= 1 (see --help)"), run("serve", "--max-connections", "0").errLines());
        assertEquals(List.of("socketserver serve: Invalid value for option '--max-command-length': '-3' is not a whole"
                + " number >= 1 (see --help)"), run("serve", "--max-command-length", "-3").errLines());
    }

    /** --mode forked selects the forked mode; a mode that does not exist is refused, naming the four that do. */
    @Test
    void forkedIsAcceptedExactlyWhenTheModeExists() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs("--mode", "forked");
        assertEquals(Mode.FORKED, serve.mode);
        Run run = run("serve", "--mode", "forking", "--port", "0");
        assertEquals(2, run.status());
        assertEquals(List.of("socketserver serve: Invalid value for option '--mode': unknown mode 'forking'; expected one of "
                + "sync, threaded, virtual, forked (see --help)"), run.errLines());
    }

    @Test
    void getDownloadsQuietlyWhenNotATerminal() throws IOException {
        Path target = downloads.resolve("r.bin");
        Run run = run("get", "--port", port(), SampleRoot.RANDOM, "-o", target.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.out());
        assertEquals("", run.err());
        assertArrayEquals(Files.readAllBytes(root.resolve(SampleRoot.RANDOM)), Files.readAllBytes(target));
    }

    @Test
    void getOverAUnixSocket() throws Exception {
        Path socket = dir.resolve("files.sock");
        try (var unix = RunningServer.start(new UnixStreamServer(socket, FileDownloadHandler.class,
                ServerOptions.builder().handlerConfig(HandlerConfig.of("root", root.toString())).build()))) {
            Path target = downloads.resolve("n.txt");
            Run run = run("get", "--path", socket.toString(), SampleRoot.NESTED, "-o", target.toString());
            assertEquals(0, run.status(), run.err());
            assertEquals("nested\n", Files.readString(target));
        }
    }

    @Test
    void aRefusalIsOneLineStatus1AndNoFile() throws IOException {
        Path target = downloads.resolve("nope.txt");
        Run run = run("get", "--port", port(), "nope.txt", "-o", target.toString());
        assertEquals(1, run.status());
        assertEquals(List.of("socketserver get: server refused: no such file: nope.txt"), run.errLines());
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(downloads)) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void aRefusedConnectionIsOneLineStatus1() throws IOException {
        int closedPort;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Run run = run("get", "--port", Integer.toString(closedPort), "x", "-o", downloads.resolve("x").toString());
        assertEquals(1, run.status());
        assertEquals(List.of("socketserver get: cannot connect to 127.0.0.1:" + closedPort + ": Connection refused"),
                run.errLines());
    }

    @Test
    void anExistingFileNeedsForce() throws IOException {
        Path target = downloads.resolve("small.txt");
        Files.writeString(target, "mine");
        Run refused = run("get", "--port", port(), SampleRoot.SMALL, "-o", target.toString());
        assertEquals(1, refused.status());
        assertEquals(List.of("socketserver get: " + target + " already exists; use --force to overwrite it"), refused.errLines());
        assertEquals("mine", Files.readString(target));
        Run forced = run("get", "--port", port(), SampleRoot.SMALL, "-o", target.toString(), "--force");
        assertEquals(0, forced.status(), forced.err());
        assertEquals("hello, seed\n", Files.readString(target));
    }

    /**
     * A server that announces 1000 bytes, sends 10 after the acknowledgement, then neither sends
     * nor closes until the test ends: a stalled download.
     */
    private static ServerSocketChannel stallingServer() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().name("stalling-server").start(() -> {
            try (SocketChannel client = listener.accept()) {
                client.read(ByteBuffer.allocate(256)); // the get command
                client.write(ByteBuffer.wrap("1000".getBytes(StandardCharsets.US_ASCII)));
                client.read(ByteBuffer.allocate(256)); // the acknowledgement
                client.write(ByteBuffer.wrap(new byte[10]));
                client.read(ByteBuffer.allocate(1)); // stalls until the client gives up and closes
            } catch (IOException e) {
                org.tinylog.Logger.debug(e, "stalling server: the client went away"); // listener closed by the test
            }
        });
        return listener;
    }

    private static String portOf(ServerSocketChannel listener) throws IOException {
        return Integer.toString(((InetSocketAddress) listener.getLocalAddress()).getPort());
    }

    /** --timeout against a server that stalls mid-body: one line naming the timeout, status 1, no file at all. */
    @Test
    void aStalledDownloadTimesOutWithOneLineAndNoFile() throws IOException {
        Path target = downloads.resolve("stalled.bin");
        try (ServerSocketChannel stalling = stallingServer()) {
            Run run = run("get", "--port", portOf(stalling), "stalled.bin", "-o", target.toString(), "--timeout", "1");
            assertEquals(1, run.status(), run.err());
            assertEquals(List.of("socketserver get: read timed out after 1s"), run.errLines());
        }
        try (Stream<Path> left = Files.list(downloads)) {
            assertEquals(List.of(), left.toList(), "no file and no temporary file left behind");
        }
    }

    /** A download that fails with --force leaves the existing file as it was. */
    @Test
    void aFailedDownloadWithForceKeepsTheExistingFile() throws IOException {
        Path target = downloads.resolve("kept.bin");
        Files.writeString(target, "mine");
        try (ServerSocketChannel stalling = stallingServer()) {
            Run run = run("get", "--port", portOf(stalling), "kept.bin", "-o", target.toString(), "--force", "--timeout", "1");
            assertEquals(1, run.status(), run.err());
        }
        assertEquals("mine", Files.readString(target));
        try (Stream<Path> left = Files.list(downloads)) {
            assertEquals(List.of(target), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void shellIsTheSeedsInteractiveClient() throws IOException {
        Run run = runWithInput("get small.txt\nbogus\n\nget nope.txt\n  get   sub/nested.txt  \n",
                "shell", "--port", port(), "--directory", downloads.toString());
        assertEquals(1, run.status(), "a download failed: " + run.err());
        assertEquals(6, run.out().split(">>:", -1).length - 1, "one prompt per line and one at the end:\n" + run.out());
        assertTrue(run.out().contains("md5 client and server " + SampleRoot.md5(root.resolve(SampleRoot.SMALL))), run.out());
        assertEquals(List.of("socketserver shell: unknown command 'bogus'; type: get NAME, help or quit",
                "socketserver shell: server refused: no such file: nope.txt"), run.errLines());
        assertEquals("hello, seed\n", Files.readString(downloads.resolve("small.txt")));
        assertEquals("nested\n", Files.readString(downloads.resolve("nested.txt")));
    }

    @Test
    void shellAnswersHelpAndQuit() {
        Run run = runWithInput("help\nquit\nget small.txt\n", "shell", "--port", port(), "--directory", downloads.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("get NAME") && run.out().contains("quit"), run.out());
        assertFalse(Files.exists(downloads.resolve("small.txt")), "nothing runs after quit");
    }

    @Test
    void shellExitsZeroWhenEveryDownloadWorked() {
        Run run = runWithInput("get small.txt\nbogus\n", "shell", "--port", port(), "--directory", downloads.toString());
        assertEquals(0, run.status(), "an unknown command is not a failed download: " + run.err());
        assertEquals(List.of("socketserver shell: unknown command 'bogus'; type: get NAME, help or quit"), run.errLines());
    }
}
