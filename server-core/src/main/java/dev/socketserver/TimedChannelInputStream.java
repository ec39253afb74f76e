package dev.socketserver;

import dev.socketserver.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An input stream over a blocking channel whose reads give up after a timeout. The JDK's timed
 * reads exist only for Internet sockets; for Unix sockets a read still waiting at the deadline
 * is ended by shutting down the connection's input, after which the stream reports the timeout
 * and stays at end of stream (writing still works).
 */
public final class TimedChannelInputStream extends InputStream {

    private final SocketChannel channel;
    private final long timeoutNanos;
    private boolean timedOut;

    /**
     * Wraps a blocking channel.
     *
     * @param channel the connection to read, in blocking mode
     * @param timeout how long each read may wait for data (at least a nanosecond)
     */
    public TimedChannelInputStream(SocketChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeoutNanos = Math.max(1, timeout.toNanos());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (timedOut) {
            throw new SocketTimeoutException("read timed out earlier; input of this connection is shut down");
        }
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> deadline = Timers.schedule(() -> {
            fired.set(true);
            shutdownInput();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(b, off, len));
        } finally {
            deadline.cancel(false);
        }
        if (fired.get()) {
            timedOut = true;
            throw new SocketTimeoutException("read timed out after " + Durations.human(Duration.ofNanos(timeoutNanos)));
        }
        return n;
    }

    private void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // The channel is already closed: the pending read has ended on its own.
            org.tinylog.Logger.debug(e, "shutting down input after a read timeout");
        }
    }
}
