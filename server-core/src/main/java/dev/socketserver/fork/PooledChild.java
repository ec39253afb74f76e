package dev.socketserver.fork;

import dev.socketserver.Printable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;
import org.tinylog.Logger;

/**
 * A child of the warm pool: started ahead with one end of a socket pair as its standard input (its
 * private channel: nothing on the file system, no other process can reach it), it says when it is
 * ready, then takes one request's socket over that channel ({@code SCM_RIGHTS}).
 */
final class PooledChild {

    private final Process process;
    private final AFUNIXSocketChannel channel;
    private final int channelFd;
    private final AtomicBoolean channelClosed = new AtomicBoolean();
    private final AtomicReference<String> shown; // what its log lines are tagged with
    private volatile boolean ready;

    private PooledChild(Process process, AFUNIXSocketChannel channel, int channelFd, AtomicReference<String> shown) {
        this.process = process;
        this.channel = channel;
        this.channelFd = channelFd;
        this.shown = shown;
    }

    /**
     * Starts a child from {@code template}; {@code onReady} runs once it is ready (in a thread of
     * its own; not if it dies first).
     */
    static PooledChild start(ForkedLauncher launcher, ChildTemplate template, Runnable onReady) throws IOException {
        int[] pair = UnixSocketPair.open();
        AFUNIXSocketChannel ours;
        PooledChild child;
        try {
            ours = FileDescriptorCast.unsafeUsing(pair[0]).as(AFUNIXSocketChannel.class);
        } catch (IOException | RuntimeException e) {
            NativeDescriptors.close(pair[0]);
            NativeDescriptors.close(pair[1]);
            throw e;
        }
        try {
            ours.configureBlocking(true);
            AtomicReference<String> shown = new AtomicReference<>("waiting");
            Process process = launcher.startWaiting(template, FileDescriptorCast.unsafeUsing(pair[1]).getFileDescriptor(),
                    shown::get);
            child = new PooledChild(process, ours, pair[0], shown);
        } catch (IOException | RuntimeException e) {
            ours.close();
            NativeDescriptors.close(pair[0]);
            throw e;
        } finally {
            NativeDescriptors.close(pair[1]); // the child has its own copy
        }
        // A platform thread: junixsocket's blocking read would pin a virtual thread's carrier until the child is ready.
        Thread.ofPlatform().daemon().name("socketserver-pool-child-" + child.pid() + "-ready")
                .start(() -> child.awaitReady(onReady));
        return child;
    }

    private void awaitReady(Runnable onReady) {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            if (channel.read(one) == 1 && one.get(0) == HandOffMessage.READY) {
                ready = true;
                onReady.run();
                return;
            }
            Logger.debug("waiting child {} closed its channel before it was ready", pid());
        } catch (IOException e) {
            Logger.debug(e, "waiting child {} failed before it was ready", pid());
        }
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** Whether it said it was ready at some point. */
    boolean wasReady() {
        return ready;
    }

    /** Whether it said it is ready and is still running. */
    boolean isReady() {
        return ready && process.isAlive();
    }

    /**
     * Hands over a request: {@code socket} goes with the message's first byte. The caller closes
     * its own copy of {@code socket} afterwards; this closes the private channel, whose only use
     * is over.
     *
     * @return false when the child could not take it (it died meanwhile): the request is still the caller's
     */
    boolean handOff(FileDescriptor socket, SocketAddress client, byte @Nullable [] datagram) {
        shown.set(Printable.of(client));
        try {
            channel.setOutboundFileDescriptors(socket);
            ByteBuffer message = HandOffMessage.of(client, datagram).encode();
            while (message.hasRemaining()) {
                channel.write(message);
            }
            return true;
        } catch (IOException e) {
            Logger.debug(e, "waiting child {} could not take the request from {}", pid(), shown.get());
            process.destroy();
            return false;
        } finally {
            closeChannel();
        }
    }

    /** Ends a waiting child: it sees its channel closed and exits; SIGTERM as well, in case it is still starting. */
    void close() {
        closeChannel();
        process.destroy();
    }

    /**
     * Closes the server's end of the private channel, once. A junixsocket channel made from a
     * descriptor number does not close that descriptor: it is closed here too.
     */
    private void closeChannel() {
        if (!channelClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
            NativeDescriptors.close(channelFd);
        } catch (IOException e) {
            Logger.debug(e, "closing the channel of child {}", pid());
        }
    }
}
