package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jetbrains.annotations.Nullable;

/**
 * A waiting child's end of its private channel to the server: one end of a socket pair the server
 * made and gave the child as its standard input, so no other process can reach it. The child says
 * {@link #ready()} once warm; the server then sends a request's socket ({@code SCM_RIGHTS}) with a
 * {@link HandOffMessage}, which {@link #await()} returns; {@link #ontoStandardInput} puts the socket
 * on descriptor 0, where the usual {@link InheritedSocket} path takes it. A child that serves
 * several requests says {@link #ready()} again after each.
 */
final class HandOffReceiver implements AutoCloseable {

    private final ChildChannelEnd channel;

    private HandOffReceiver(ChildChannelEnd channel) {
        this.channel = channel;
    }

    /**
     * Takes the private channel from standard input, on a descriptor of its own, so that the
     * request's socket can take descriptor 0.
     *
     * @throws IllegalStateException when standard input is not a Unix stream socket
     */
    static HandOffReceiver fromStandardInput() throws IOException {
        return new HandOffReceiver(ChildChannelEnd.fromStandardInput());
    }

    /** What {@link #fromStandardInput()} throws for a standard input that is not a private channel. */
    static IllegalStateException notAPrivateChannel() {
        return new IllegalStateException("standard input is not the private channel of a pooled child (a Unix stream socket)");
    }

    /**
     * Loads and links what {@link #await()} runs, before the child says it is ready.
     *
     * @throws IllegalStateException when the JDK's descriptor natives cannot be reached ({@link ChildDescriptors})
     */
    void warm() throws IOException {
        ChildDescriptors.check(ChildDescriptors.number(channel.descriptor()));
    }

    /** Tells the server that this child can take a request now. */
    void ready() throws IOException {
        channel.write(ByteBuffer.wrap(new byte[] {HandOffMessage.READY}));
    }

    /**
     * A request taken from the server.
     *
     * @param message what came with the socket
     * @param socket the request's socket, a descriptor of this process that the caller now owns: it
     *     closes it with {@link DescriptorObjects#close} or gives it to a channel, which closes it so too
     *     (the channel's clean-up closes any received descriptor not so marked)
     */
    record Received(HandOffMessage message, FileDescriptor socket) {
    }

    /**
     * Waits for a request.
     *
     * @return null when the server closed the channel without a request (its pool is closing)
     * @throws IOException when the message comes without exactly one socket, or is cut short
     */
    @Nullable Received await() throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4);
        if (!readFully(length, true)) {
            return null;
        }
        FileDescriptor socket = takeSocket();
        try {
            int size = length.flip().getInt();
            if (size < 3 || size > HandOffMessage.MAX_LENGTH) {
                throw new IOException("hand-off message of " + size + " bytes");
            }
            ByteBuffer body = ByteBuffer.allocate(size);
            readFully(body, false);
            return new Received(HandOffMessage.decode(body.flip()), socket);
        } catch (IOException | IllegalArgumentException e) {
            DescriptorObjects.close(socket);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Puts {@code socket} on descriptor 0 (where {@link InheritedSocket} takes it) and closes {@code socket}. */
    static void ontoStandardInput(FileDescriptor socket) throws IOException {
        try {
            ChildDescriptors.dup2(ChildDescriptors.number(socket), 0);
        } finally {
            DescriptorObjects.close(socket);
        }
    }

    /** The one descriptor that came with the message's first bytes; any others are closed. */
    private FileDescriptor takeSocket() throws IOException {
        FileDescriptor[] received = channel.takeDescriptors();
        if (received.length == 0) {
            throw new IOException("a hand-off message came without a socket");
        }
        for (int i = 1; i < received.length; i++) {
            DescriptorObjects.close(received[i]);
        }
        return received[0];
    }

    /** False on end of stream before any byte when {@code endAllowed}; otherwise reads all or throws. */
    private boolean readFully(ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new IOException("the server closed the private channel mid-message");
            }
        }
        return true;
    }

    /** Closes the channel ({@link ChildChannelEnd#close()}: the hand-off library's also closes any descriptor received and not taken). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
