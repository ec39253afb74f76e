package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.fork.ChildAddresses;
import dev.socketserver.fork.ChildArguments;
import dev.socketserver.fork.ChildMain;
import dev.socketserver.internal.FileDescriptors;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * {@link ChildMain} as inetd or {@code systemd-socket-activate --inetd} runs it: the test plays
 * the super-server, accepting a connection (or holding a datagram socket) and starting ChildMain
 * with that socket as standard input and no forking server behind it. Also the exit statuses.
 */
@Timeout(60)
class ForkedSocketActivationTest {

    /** Fails every request, as a broken handler would. */
    public static final class Failing extends StreamRequestHandler {
        @Override
        protected void handle() {
            throw new IllegalStateException("handler failed on purpose");
        }
    }

    /** A child with its output captured, for the checks; read {@code output} after {@link #awaitStatus()}. */
    record Child(Process process, Thread reader, StringBuilder output) {
        int awaitStatus() throws InterruptedException {
            int status = process.waitFor();
            reader.join();
            return status;
        }
    }

    @Test
    void servesAConnectionOnStandardInput() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            Child child;
            try (SocketChannel accepted = listener.accept()) {
                child = start(accepted, List.of(ForkedEchoTest.ReportingEcho.class.getName(), "greeting=from inetd"));
            } // the super-server's copy closes; the child holds the connection now
            client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            String[] report = new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
            assertEquals(ChildMain.OK, child.awaitStatus(), child.output().toString());
            assertEquals(child.process().pid(), Long.parseLong(report[0]));
            assertEquals(ChildAddresses.format(listener.getLocalAddress()), report[1],
                    "without --server-address the server is the socket's own address");
            assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2]);
            assertEquals("from inetd", report[3]);
            assertEquals("ping\n", report[4]);
        }
    }

    @Test
    void acceptsOneConnectionFromAListeningSocket() throws Exception {
        // inetd "wait" / systemd Accept=no: standard input is the listening socket itself.
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Child child = start(listener, List.of(ForkedEchoTest.ReportingEcho.class.getName(), "greeting=accept no"));
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
                String[] report = new String(TestIo.readAll(client), StandardCharsets.UTF_8).split("\\|", 5);
                assertEquals(ChildMain.OK, child.awaitStatus(), child.output().toString());
                assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2]);
                assertEquals("accept no|ping\n", report[3] + "|" + report[4]);
            }
        }
    }

    @Test
    void servesADatagramWaitingOnTheSocket() throws Exception {
        try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            client.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), socket.getLocalAddress());
            // inetd "wait" style: the datagram is still queued on the socket the child gets.
            Child child = start(socket, List.of("-Djava.net.preferIPv4Stack=true"),
                    List.of("--transport=udp", ForkedEchoTest.ReportingDatagramEcho.class.getName(), "greeting=dgram"));
            ByteBuffer reply = ByteBuffer.allocate(8192);
            SocketAddress from = client.receive(reply);
            assertEquals(ChildMain.OK, child.awaitStatus(), child.output().toString());
            assertEquals(socket.getLocalAddress(), from, "the reply leaves from the activated socket");
            String[] report = new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8).split("\\|", 5);
            assertEquals(ChildAddresses.format(client.getLocalAddress()), report[2]);
            assertEquals("dgram", report[3]);
            assertEquals("ping", report[4]);
        }
    }

    @Test
    void handlerErrorExitsOneAfterLoggingIt() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            Child child;
            try (SocketChannel accepted = listener.accept()) {
                child = start(accepted, List.of(Failing.class.getName()));
            }
            assertEquals(0, TestIo.readAll(client).length, "the client sees the connection end, nothing else");
            assertEquals(ChildMain.HANDLER_FAILED, child.awaitStatus());
            String output = child.output().toString();
            assertTrue(output.contains("request from " + client.getLocalAddress() + " failed"), output);
            assertTrue(output.contains("handler failed on purpose"), output);
        }
    }

    @Test
    void unknownHandlerClassIsAUsageError() throws Exception {
        Child child = start(ProcessBuilder.Redirect.from(new File("/dev/null")), List.of(),
                List.of("com.example.NoSuchHandler"));
        assertEquals(ChildMain.USAGE, child.awaitStatus());
        assertTrue(child.output().toString().contains("com.example.NoSuchHandler cannot be loaded"), child.output().toString());
    }

    @Test
    void aClassThatIsNoHandlerIsAUsageError() throws Exception {
        Child child = start(ProcessBuilder.Redirect.from(new File("/dev/null")), List.of(), List.of("java.lang.String"));
        assertEquals(ChildMain.USAGE, child.awaitStatus());
        assertTrue(child.output().toString().contains("is not a request handler"), child.output().toString());
    }

    @Test
    void standardInputThatIsNoSocketIsAUsageError() throws Exception {
        Child child = start(ProcessBuilder.Redirect.from(new File("/dev/null")), List.of(),
                List.of(ForkedEchoTest.ReportingEcho.class.getName()));
        assertEquals(ChildMain.USAGE, child.awaitStatus());
        assertTrue(child.output().toString().contains("standard input is not a connected stream socket"),
                child.output().toString());
    }

    @Test
    void aForkedDatagramNeedsItsClientAddress() throws Exception {
        Child child = startWithDatagram(List.of(), "cGluZw==");
        assertEquals(ChildMain.USAGE, child.awaitStatus());
        assertTrue(child.output().toString().contains("a forked datagram needs --client-address"), child.output().toString());
    }

    @Test
    void aForkedDatagramMustBeBase64() throws Exception {
        Child child = startWithDatagram(List.of("--client-address=127.0.0.1:9"), "not base64!");
        assertEquals(ChildMain.USAGE, child.awaitStatus());
        assertTrue(child.output().toString().contains(ChildArguments.DATAGRAM_ENV + " is not base64"),
                child.output().toString());
    }

    /** ChildMain on a UDP socket with a datagram in its environment, as a forking server would start it. */
    private static Child startWithDatagram(List<String> options, String datagram) throws IOException {
        try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            List<String> args = new ArrayList<>(List.of("--transport=udp"));
            args.addAll(options);
            args.add(ForkedEchoTest.ReportingDatagramEcho.class.getName());
            return start(FileDescriptorCast.using(FileDescriptors.of(socket)).as(ProcessBuilder.Redirect.class),
                    List.of("-Djava.net.preferIPv4Stack=true"), args, Map.of(ChildArguments.DATAGRAM_ENV, datagram));
        }
    }

    private static Child start(Channel socket, List<String> args) throws IOException {
        return start(socket, List.of(), args);
    }

    private static Child start(Channel socket, List<String> jvmOptions, List<String> args) throws IOException {
        return start(FileDescriptorCast.using(FileDescriptors.of(socket)).as(ProcessBuilder.Redirect.class),
                jvmOptions, args, Map.of());
    }

    private static Child start(ProcessBuilder.Redirect stdin, List<String> jvmOptions, List<String> args)
            throws IOException {
        return start(stdin, jvmOptions, args, Map.of());
    }

    private static Child start(ProcessBuilder.Redirect stdin, List<String> jvmOptions, List<String> args,
                               Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildMain.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(stdin).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().name("child-output-" + process.pid()).start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(reading the output failed: ").append(e).append(')');
            }
        });
        return new Child(process, reader, output);
    }
}
