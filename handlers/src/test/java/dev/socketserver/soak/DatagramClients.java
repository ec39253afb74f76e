package dev.socketserver.soak;

import dev.socketserver.internal.DatagramIo;
import dev.socketserver.soak.SoakServers.Target;
import dev.socketserver.soak.SoakServers.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Echo clients of a datagram server, each with its own bound socket: polite, oversized and empty datagrams. */
final class DatagramClients implements AutoCloseable {

    /** How long a client waits for an echo (a forked child needs a JVM start first). */
    private static final long REPLY_WAIT_MILLIS = 10_000;

    private final Target target;
    private final Tally tally;
    private final DatagramChannel channel;
    private final Selector selector;

    DatagramClients(Target target, Path socketDir, String name, Tally tally) throws IOException {
        this.target = target;
        this.tally = tally;
        if (target.transport() == Transport.UDP) {
            channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        } else {
            channel = AFUNIXDatagramChannel.open().bind(AFUNIXSocketAddress.of(socketDir.resolve(name + ".sock")));
        }
        channel.configureBlocking(false);
        selector = channel.provider().openSelector();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** A datagram of 1..1200 random bytes comes back unchanged. */
    void polite(SplittableRandom random) throws IOException {
        byte[] payload = new byte[random.nextInt(1, 1200)];
        random.nextBytes(payload);
        expectEcho(payload, payload, "datagram: echoed");
    }

    /** A datagram over the server's maxPacketSize comes back cut to it, as in CPython. */
    void oversized(SplittableRandom random) throws IOException {
        byte[] payload = new byte[9000];
        random.nextBytes(payload);
        expectEcho(payload, Arrays.copyOf(payload, 8192), "datagram: oversized one cut to maxPacketSize");
    }

    /** An empty datagram gets an empty reply. */
    void empty() throws IOException {
        expectEcho(new byte[0], new byte[0], "datagram: empty one echoed");
    }

    private void expectEcho(byte[] sent, byte[] expected, String exchange) throws IOException {
        drainStaleReplies();
        // DatagramIo, not the channel: junixsocket's channel neither sends nor receives an empty datagram.
        DatagramIo.send(channel, ByteBuffer.wrap(sent), target.server().serverAddress());
        byte[] reply = receive();
        if (reply == null) {
            tally.error("datagram: no reply within " + REPLY_WAIT_MILLIS + " ms (" + target.name() + ", "
                    + sent.length + " bytes sent)");
        } else if (!Arrays.equals(expected, reply)) {
            tally.error("datagram: wrong echo");
        } else {
            tally.ok(exchange);
        }
    }

    /** A reply that came after its wait ran out must not be taken for the next one's. */
    private void drainStaleReplies() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (DatagramIo.receive(channel, buffer.clear()) != null) {
            tally.error("datagram: a late reply");
        }
    }

    private byte @Nullable [] receive() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        long deadline = System.currentTimeMillis() + REPLY_WAIT_MILLIS;
        while (true) {
            if (DatagramIo.receive(channel, buffer) != null) {
                return Arrays.copyOf(buffer.array(), buffer.position());
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            selector.select(left);
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
