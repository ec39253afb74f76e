package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/** Datagram-specific paths: a client that cannot be answered, an oversized datagram. */
@Timeout(30)
class DatagramServerTest {

    @TempDir
    Path dir;

    /** A Unix datagram from an unbound client has no return address: the reply fails, the server goes on. */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SYNC", "THREADED", "VIRTUAL"})
    void anUnnamedUnixClientIsServedButCannotBeAnswered(Mode mode) throws Exception {
        BlockingQueue<SocketAddress> failedClients = new LinkedBlockingQueue<>();
        BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
        try (var server = new UnixDatagramServer(dir.resolve("dgram.sock"), EchoRoundTripTest.DatagramEcho.class,
                ServerOptions.builder().mode(mode).build()) {
                    @Override
                    protected void handleError(DatagramRequest request, SocketAddress client, Exception error) {
                        errors.add(error);
                        failedClients.add(client);
                    }
                };
             ServingThread loop = ServingThread.start(server);
             DatagramChannel unnamed = AFUNIXDatagramChannel.open()) {
            unnamed.send(ByteBuffer.wrap(new byte[] {'x'}), server.serverAddress());
            SocketAddress client = failedClients.poll(10, TimeUnit.SECONDS);
            assertNotNull(client, "the failed reply reached handleError");
            assertEquals(DatagramServer.UNNAMED_CLIENT, client);
            var error = assertInstanceOf(SocketException.class, errors.poll());
            assertTrue(error.getMessage().contains("unnamed"), error.getMessage());
            Transport.UNIX_DATAGRAM.echo(server, dir); // a named client is still answered
        }
    }

    /** As CPython, a datagram longer than maxPacketSize is cut to it. */
    @Test
    void aDatagramLongerThanMaxPacketSizeIsCut() throws Exception {
        try (var server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTest.DatagramEcho.class,
                ServerOptions.builder().maxPacketSize(16).build());
             ServingThread loop = ServingThread.start(server);
             DatagramChannel client = DatagramChannel.open()) {
            client.send(ByteBuffer.wrap(new byte[100]), server.serverAddress());
            ByteBuffer reply = ByteBuffer.allocate(200);
            client.receive(reply);
            assertEquals(16, reply.position());
        }
    }
}
