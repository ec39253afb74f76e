package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** The private channel read with junixsocket: where this library's own receiver is not at hand. */
final class JunixChannelEnd implements ChildChannelEnd {

    private static final FileDescriptor[] NONE = new FileDescriptor[0];

    private final AFUNIXSocketChannel channel;
    private final FileDescriptor descriptor;

    private JunixChannelEnd(AFUNIXSocketChannel channel, FileDescriptor descriptor) {
        this.channel = channel;
        this.descriptor = descriptor;
    }

    /** @see ChildChannelEnd#fromStandardInput() */
    static JunixChannelEnd fromStandardInput() throws IOException {
        FileDescriptorCast cast = FileDescriptorCast.duplicating(FileDescriptor.in);
        if (!cast.isAvailable(AFUNIXSocketChannel.class)) {
            DescriptorObjects.close(cast.getFileDescriptor());
            throw HandOffReceiver.notAPrivateChannel();
        }
        AFUNIXSocketChannel channel = cast.as(AFUNIXSocketChannel.class);
        channel.configureBlocking(true);
        channel.setAncillaryReceiveBufferSize(256); // room for a few descriptors
        return new JunixChannelEnd(channel, cast.getFileDescriptor());
    }

    @Override
    public FileDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    @Override
    public FileDescriptor[] takeDescriptors() throws IOException {
        FileDescriptor[] received = channel.getReceivedFileDescriptors();
        return received == null ? NONE : received;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Closes the channel and its descriptor (a junixsocket channel made from a descriptor leaves it open). */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            DescriptorObjects.close(descriptor);
        }
    }
}
