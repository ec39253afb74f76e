package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The server's side of a waiting child's private channel: a socket pair, whose other end becomes
 * the child's standard input ({@link #childEnd()}, closed here once the child has its copy). The
 * server's end is a blocking junixsocket channel, for the socket that crosses with a hand-off
 * ({@code SCM_RIGHTS}).
 *
 * <p>Both ends are closed through their {@link FileDescriptor} objects ({@link DescriptorObjects}):
 * a junixsocket channel made from a descriptor number still writes to that number once closed,
 * and by then it may be another child's channel or a client's connection. A write and the close
 * exclude each other, so that no write is under way while the number is closed and handed out again. The write is a hand-off message of a few
 * hundred bytes to a socket whose peer only reads between requests; it does not wait for the child.
 */
final class PrivateChannel {

    private final AFUNIXSocketChannel channel;
    private final FileDescriptor ours;
    private final FileDescriptor theirs;
    private final ReentrantLock writeOrClose = new ReentrantLock();
    private boolean closed; // under writeOrClose

    private PrivateChannel(AFUNIXSocketChannel channel, FileDescriptor ours, FileDescriptor theirs) {
        this.channel = channel;
        this.ours = ours;
        this.theirs = theirs;
    }

    /** A new pair; the caller gives {@link #childEnd()} to the child, then closes it and, in the end, this. */
    static PrivateChannel open() throws IOException {
        FileDescriptor[] pair = UnixSocketPair.open();
        try {
            AFUNIXSocketChannel channel = FileDescriptorCast.using(pair[0]).as(AFUNIXSocketChannel.class);
            channel.configureBlocking(true);
            return new PrivateChannel(channel, pair[0], pair[1]);
        } catch (IOException | RuntimeException e) {
            DescriptorObjects.close(pair[0]);
            DescriptorObjects.close(pair[1]);
            throw e;
        }
    }

    /** The child's end, to start it with; open until {@link #closeChildEnd()}. */
    FileDescriptor childEnd() {
        return theirs;
    }

    /** The server's end: what {@link #read()} and {@link #write} use. */
    FileDescriptor serverEnd() {
        return ours;
    }

    /** Closes this server's copy of the child's end: the child has its own. */
    void closeChildEnd() throws IOException {
        DescriptorObjects.close(theirs);
    }

    /** Reads one byte from the child, blocking; -1 at its end of stream. Only one thread reads. */
    int read() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return channel.read(one) == 1 ? one.get(0) & 0xff : -1;
    }

    /** Writes {@code message} with {@code socket} on its first byte. */
    void write(ByteBuffer message, FileDescriptor socket) throws IOException {
        writeOrClose.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            channel.setOutboundFileDescriptors(socket);
            while (message.hasRemaining()) {
                channel.write(message);
            }
        } finally {
            writeOrClose.unlock();
        }
    }

    /** Shuts the channel down both ways: the child reads end of stream, and a blocked reader here wakes. */
    void shutdown() throws IOException {
        writeOrClose.lock();
        try {
            if (!closed) {
                channel.shutdownOutput();
                channel.shutdownInput();
            }
        } finally {
            writeOrClose.unlock();
        }
    }

    /** Closes the server's end (and the child's, if still here), once; only when no thread reads it. */
    void close() throws IOException {
        writeOrClose.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close(); // junixsocket shuts the socket down, but does not close a descriptor it was given
            } finally {
                DescriptorObjects.close(ours);
                DescriptorObjects.close(theirs);
            }
        } finally {
            writeOrClose.unlock();
            Reference.reachabilityFence(channel); // not finalized while its number is still ours
        }
    }
}
