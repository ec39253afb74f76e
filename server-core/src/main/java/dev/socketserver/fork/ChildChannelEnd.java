package dev.socketserver.fork;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A pooled child's end of its private channel to the server, as {@link HandOffReceiver} reads it:
 * bytes both ways, and the descriptors that come with the bytes ({@code SCM_RIGHTS}). Read with
 * this library's own receiver when the server gave the child one ({@link NativeChannelEnd}), else
 * with junixsocket ({@link JunixChannelEnd}).
 */
interface ChildChannelEnd extends Closeable {

    /**
     * Takes the private channel from standard input, on a descriptor of its own, so that the
     * request's socket can take descriptor 0.
     *
     * @throws IllegalStateException when standard input is not a Unix stream socket
     */
    static ChildChannelEnd fromStandardInput() throws IOException {
        return HandOffNatives.load() ? NativeChannelEnd.fromStandardInput() : JunixChannelEnd.fromStandardInput();
    }

    /** The channel's descriptor. */
    FileDescriptor descriptor();

    /**
     * Reads into {@code buffer} (one with an array), keeping any descriptor that came with the bytes
     * for {@link #takeDescriptors()}.
     *
     * @return the count read, -1 at end of stream
     */
    int read(ByteBuffer buffer) throws IOException;

    /** The descriptors received so far and not yet taken, now the caller's to close; empty when none. */
    FileDescriptor[] takeDescriptors() throws IOException;

    /** Writes all of {@code buffer}. */
    void write(ByteBuffer buffer) throws IOException;
}
