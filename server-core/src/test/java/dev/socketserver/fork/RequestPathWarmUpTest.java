package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pooled child's loopback warm-up: it exchanges with its own connection only. */
class RequestPathWarmUpTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    @Timeout(10)
    void aConnectionFromAnotherProcessFirstIsNotWaitedOn() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(ANY, 2);
             SocketChannel stranger = SocketChannel.open(listener.getLocalAddress()); // connects first, never writes
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            assertFalse(RequestPathWarmUp.exchange(listener, client), "the stranger's connection was taken for the child's");
            assertTrue(stranger.isOpen());
        }
    }

    @Test
    @Timeout(10)
    void itsOwnConnectionExchangesAByteEachWay() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(ANY, 1);
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            assertTrue(RequestPathWarmUp.exchange(listener, client));
        }
    }
}
