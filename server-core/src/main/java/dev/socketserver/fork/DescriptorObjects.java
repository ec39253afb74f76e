package dev.socketserver.fork;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * Closes a descriptor through its {@link FileDescriptor} object, which the JDK then marks closed
 * ({@code -1}), rather than by its number. junixsocket keeps acting on the objects it was given
 * while they say they are open: a closed channel still writes to its descriptor, a channel's
 * clean-up closes the descriptors it received, and its Java 8 classes (which a jar that is not
 * multi-release loads) shut a collected socket's descriptor down. Closed by number, the object still
 * holds the number, which by then may be another socket's: a waiting child's channel or a client's
 * connection (docs/forked.md, "A descriptor closed twice").
 */
final class DescriptorObjects {

    private DescriptorObjects() {
    }

    /** Closes {@code descriptor} and marks it closed; one already marked closed is left alone. */
    static void close(FileDescriptor descriptor) throws IOException {
        if (descriptor.valid()) {
            new FileInputStream(descriptor).close(); // the JDK's close marks the object before it closes the number
        }
    }
}
