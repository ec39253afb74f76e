package dev.socketserver.fork;

import dev.socketserver.Printable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * A child of the warm pool: started ahead with one end of a socket pair as its standard input (its
 * private channel: nothing on the file system, no other process can reach it), it says when it is
 * ready, then takes a request's socket over that channel ({@code SCM_RIGHTS}); a child that serves
 * several ({@code ForkOptions.requestsPerChild}) says it is ready again after each. One platform
 * thread per child reads those words, and closes the server's end of the channel once the child
 * has closed its own (it exited) or {@link #close()} shut it down: no other thread closes it while
 * that thread may be reading it.
 */
final class PooledChild {

    private final Process process;
    private final PrivateChannel channel;
    private final AtomicReference<String> shown; // what its log lines are tagged with
    private final AtomicReference<@Nullable CompletableFuture<Integer>> request = new AtomicReference<>();
    private volatile boolean ready; // said it is ready, and was not handed a request since
    private volatile boolean everReady;
    private int requestsLeft; // only the dispatching thread hands off

    private PooledChild(Process process, PrivateChannel channel, AtomicReference<String> shown, int requests) {
        this.process = process;
        this.channel = channel;
        this.shown = shown;
        this.requestsLeft = requests;
    }

    /**
     * Starts a child from {@code template} that serves up to {@code requests} requests; {@code onReady}
     * runs each time it says it is ready (in a thread of its own; not if it dies first).
     */
    static PooledChild start(ForkedLauncher launcher, ChildTemplate template, int requests,
                             Consumer<PooledChild> onReady) throws IOException {
        PrivateChannel channel = PrivateChannel.open();
        AtomicReference<String> shown = new AtomicReference<>("waiting");
        Process process = null;
        try {
            process = launcher.startWaiting(template, channel.childEnd(), shown::get);
            channel.closeChildEnd(); // the child has its own copy
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroy();
            }
            channel.close();
            throw e;
        }
        PooledChild child = new PooledChild(process, channel, shown, requests);
        child.process.onExit().thenRun(() -> child.requestEnded(child.process.exitValue()));
        // A platform thread: junixsocket's blocking read would pin a virtual thread's carrier until the child is ready.
        Thread.ofPlatform().daemon().name("socketserver-pool-child-" + child.pid() + "-ready")
                .start(() -> child.listen(onReady));
        return child;
    }

    /** Reads the child's "ready" words until it closes its end of the channel; then closes ours. */
    private void listen(Consumer<PooledChild> onReady) {
        try {
            while (channel.read() == HandOffMessage.READY) {
                requestEnded(ChildMain.OK); // ready again: the request it was handed, if any, is over
                everReady = true;
                ready = true;
                onReady.accept(this);
            }
            Logger.debug("pooled child {} closed its channel", pid());
        } catch (IOException e) {
            Logger.debug(e, "the channel of pooled child {} failed", pid());
        } finally {
            closeChannel();
        }
    }

    /** The request it was handed is over, with {@code status}: {@link ChildMain#OK} or its exit status. */
    private void requestEnded(int status) {
        CompletableFuture<Integer> handed = request.getAndSet(null);
        if (handed != null) {
            handed.complete(status);
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
        return everReady;
    }

    /** Whether it said it is ready (and was not handed a request since) and is still running. */
    boolean isReady() {
        return ready && process.isAlive();
    }

    /** Whether the next request it is handed is its last. */
    boolean lastRequestNext() {
        return requestsLeft == 1;
    }

    /**
     * Hands over a request: {@code socket} goes with the message's first byte. The caller closes
     * its own copy of {@code socket} afterwards.
     *
     * @return the request's end, with {@link ChildMain#OK} when the child says it is ready again or
     *     its exit status when it exits; null when the child could not take it (it died meanwhile):
     *     the request is still the caller's
     */
    @Nullable CompletableFuture<Integer> handOff(FileDescriptor socket, SocketAddress client, byte @Nullable [] datagram) {
        shown.set(Printable.of(client));
        ready = false;
        requestsLeft--;
        CompletableFuture<Integer> ended = new CompletableFuture<>();
        request.set(ended); // before the message: the child's next "ready" may follow it at once
        try {
            channel.write(HandOffMessage.of(client, datagram).encode(), socket);
            return ended;
        } catch (IOException e) {
            request.set(null);
            Logger.debug(e, "waiting child {} could not take the request from {}", pid(), shown.get());
            process.destroy();
            return null;
        }
    }

    /**
     * Ends a waiting child: SIGTERM (it may still be starting), and the channel shut down, which the
     * child sees as its server closing the pool; the listening thread then closes the channel.
     */
    void close() {
        process.destroy();
        try {
            channel.shutdown();
        } catch (IOException e) {
            Logger.debug(e, "shutting down the channel of child {}", pid()); // closed already: it exited
        }
    }

    /** Closes the server's end of the private channel, once ({@link PrivateChannel#close()}). */
    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            Logger.debug(e, "closing the channel of child {}", pid());
        }
    }
}
