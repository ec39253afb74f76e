package dev.socketserver.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A misbehaving file server for client tests: accepts connections on 127.0.0.1 (port 0) and runs
 * a script on each, on a named thread; closing it closes the listening socket and every connection.
 */
final class FakeFileServer implements AutoCloseable {

    /** What the server does with one connection. */
    interface Script {
        void run(Socket client) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Thread acceptor;

    FakeFileServer(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().name("fake-file-server").daemon(true).start(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    script.run(client);
                } catch (IOException | InterruptedException e) {
                    org.tinylog.Logger.debug(e, "fake server: connection over"); // the client left, or the test is
                }
            }
        });
    }

    String port() {
        return Integer.toString(listener.getLocalPort());
    }

    /** Reads one message (a command or an acknowledgement) and returns its length, or -1 at the end. */
    static int readOne(Socket client) throws IOException {
        return client.getInputStream().read(new byte[1024]);
    }

    /** Waits until the client closes its side (or the server is closed). */
    static void awaitClose(Socket client) throws IOException {
        while (client.getInputStream().read(new byte[1024]) >= 0) {
            // discard
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        acceptor.interrupt();
        acceptor.join(10_000);
    }
}
