package dev.socketserver.dispatch;

import dev.socketserver.child.HandOffMessage;
import dev.socketserver.internal.Printable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import org.tinylog.Logger;

/**
 * A child of the warm pool: started ahead with one end of a socket pair as its standard input (its
 * private channel: nothing on the file system, no other process can reach it), it says when it is
 * ready, then takes one request's socket over that channel ({@code SCM_RIGHTS}).
 */
final class PooledChild {

    private final Process process;
    private final AFUNIXSocketChannel channel;
    private final AtomicReference<String> shown; // what its log lines are tagged with
    private volatile boolean ready;

    private PooledChild(Process process, AFUNIXSocketChannel channel, AtomicReference<String> shown) {
        this.process = process;
        this.channel = channel;
        this.shown = shown;
    }

    /**
     * Starts a child from {@code template}; {@code onReady} runs once it is ready (in a thread of
     * its own; not if it dies first).
     */
    static PooledChild start(ForkedLauncher launcher, ChildTemplate template, Runnable onReady) throws IOException {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        AFUNIXSocketChannel ours = pair.getSocket1();
        AFUNIXSocketChannel theirs = pair.getSocket2();
        PooledChild child;
        try {
            ours.configureBlocking(true);
            AtomicReference<String> shown = new AtomicReference<>("waiting");
            Process process = launcher.startWaiting(template, theirs.getFileDescriptor(), shown::get);
            child = new PooledChild(process, ours, shown);
        } catch (IOException | RuntimeException e) {
            theirs.close();
            ours.close();
            throw e;
        }
        // The child has its own copy now. junixsocket's close() would shut the socket down, which
        // ends the child's copy too: close only this descriptor.
        new FileInputStream(theirs.getFileDescriptor()).close();
        Thread.ofVirtual().name("socketserver-pool-child-" + child.pid() + "-ready").start(() -> child.awaitReady(onReady));
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
        try (channel) {
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
        }
    }

    /** Ends a waiting child: it sees its channel closed and exits; SIGTERM as well, in case it is still starting. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            Logger.debug(e, "closing the channel of waiting child {}", pid());
        }
        process.destroy();
    }
}
