package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The private channel read with this library's own receiver ({@link HandOffNatives}): a blocking
 * Unix stream socket, read with {@code recvmsg(2)} and written through the JDK's
 * {@link FileOutputStream}; its descriptors are made and numbered by the JDK's natives
 * ({@link ChildDescriptors}).
 */
final class NativeChannelEnd implements ChildChannelEnd {

    private final int fd;
    private final FileDescriptor descriptor;
    private final FileOutputStream out;
    private final int[] received = new int[1];
    private final List<FileDescriptor> pending = new ArrayList<>(1);

    private NativeChannelEnd(int fd) throws IOException {
        this.fd = fd;
        this.descriptor = ChildDescriptors.descriptor(fd);
        this.out = new FileOutputStream(descriptor);
    }

    /** @see ChildChannelEnd#fromStandardInput() */
    static NativeChannelEnd fromStandardInput() throws IOException {
        if (!HandOffNatives.isUnixStream(0)) {
            throw HandOffReceiver.notAPrivateChannel();
        }
        return new NativeChannelEnd(ChildDescriptors.dup(0));
    }

    @Override
    public FileDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        if (!buffer.hasRemaining()) {
            return 0;
        }
        int count = HandOffNatives.receive(fd, buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), received);
        if (received[0] >= 0) {
            pending.add(ChildDescriptors.descriptor(received[0]));
        }
        if (count > 0) {
            buffer.position(buffer.position() + count);
        }
        return count;
    }

    @Override
    public FileDescriptor[] takeDescriptors() {
        FileDescriptor[] taken = pending.toArray(FileDescriptor[]::new);
        pending.clear();
        return taken;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
    }

    /** Closes the channel, and any descriptor received and not taken. */
    @Override
    public void close() throws IOException {
        try {
            for (FileDescriptor left : takeDescriptors()) {
                DescriptorObjects.close(left);
            }
        } finally {
            DescriptorObjects.close(descriptor);
        }
    }
}
