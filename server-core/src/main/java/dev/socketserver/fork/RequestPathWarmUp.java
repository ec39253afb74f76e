package dev.socketserver.fork;

import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.TimerThread;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.tinylog.Logger;

/**
 * The server side of a request that a pooled child runs before it says it is ready, beyond the
 * handler's own warm-up, because a fresh child's first request paid for it (docs/forked.md, "Where
 * a pooled request's time goes"): the timer thread, which the JDK starts on the first deadline a
 * request sets (its idle guard, the handler's request timeout), and for a stream transport a
 * connection's addresses, first read and first write over loopback (the JDK loads its socket JFR
 * event classes on first use, and the AOT cache cannot hold them), on a connection set up as a
 * stream request's is (docs/forked.md, "What a pooled request still ran for the first time"):
 * socket options, reads through the socket's stream with a timeout, writes through the channel's
 * stream.
 */
final class RequestPathWarmUp {

    /** How long the warm-up's read may wait for the byte its own client has already sent. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private RequestPathWarmUp() {
    }

    static void warm(ChildTransport transport) {
        TimerThread.warm();
        if (transport == ChildTransport.STREAM) {
            loopbackExchange();
        }
    }

    /** A byte each way over a loopback connection; a child without loopback just warms less. */
    private static void loopbackExchange() {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(any, 1);
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            if (!exchange(listener, client)) {
                Logger.debug("another process connected to the warm-up's loopback port first; skipped");
            }
        } catch (IOException e) {
            Logger.debug("no loopback connection to warm up with: {}", e.toString());
        }
    }

    /**
     * Accepts {@code client}'s connection and sends a byte each way; false, without reading or
     * writing, when the connection accepted is not {@code client}'s: any local process may connect
     * to the listening port meanwhile, and one that never writes must not hold the child in its
     * warm-up.
     */
    static boolean exchange(ServerSocketChannel listener, SocketChannel client) throws IOException {
        try (SocketChannel accepted = listener.accept()) {
            if (!client.getLocalAddress().equals(accepted.getRemoteAddress())) {
                return false;
            }
            // set up as a stream request's connection is (StreamRequestHandler.setup): Nagle's algorithm
            // off, reads through the socket's stream with a timeout, writes through the channel's stream
            if (accepted.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            accepted.socket().setSoTimeout(READ_TIMEOUT_MILLIS);
            Channels.newOutputStream(accepted).write(1);
            client.read(ByteBuffer.allocate(1));
            client.write(ByteBuffer.wrap(new byte[] {1}));
            return accepted.socket().getInputStream().read() == 1;
        }
    }
}
