package dev.socketserver.internal;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.FileDescriptorAccess;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * The operating-system descriptor behind a channel. JDK channels expose it only through the
 * internal {@code sun.nio.ch.SelChImpl}, reached by reflection; that needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} at run time (the executable jar's
 * manifest carries {@code Add-Exports}), or {@code =dev.socketserver.core} on the module path. junixsocket channels expose it directly.
 */
public final class FileDescriptors {

    private static final String EXPORTS_HINT =
            "start the JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED to reach a JDK channel's descriptor";

    private static final @Nullable Class<?> SEL_CH_IMPL = find("sun.nio.ch.SelChImpl");

    private FileDescriptors() {
    }

    private static @Nullable Class<?> find(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * Whether {@code module} may reach a JDK channel's descriptor: {@code java.base} exports
     * {@code sun.nio.ch} to it ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} for code
     * on the class path, {@code =dev.socketserver.core} on the module path).
     */
    public static boolean jdkChannelsReachableFrom(Module module) {
        return Object.class.getModule().isExported("sun.nio.ch", module);
    }

    /**
     * Fails early, with the one flag to add, when this JVM cannot hand JDK channels to a child
     * (forked mode), rather than once per request.
     *
     * @throws IllegalStateException when {@code module} cannot reach a JDK channel's descriptor
     */
    public static void requireJdkChannelAccess(Module module) {
        if (!jdkChannelsReachableFrom(module)) {
            throw new IllegalStateException("forked mode needs access to socket descriptors: start the JVM with"
                    + " --add-exports java.base/sun.nio.ch=" + flagTarget(module)
                    + " to reach a JDK channel's descriptor");
        }
    }

    /**
     * What an {@code --add-exports}/{@code --add-opens} flag names to reach {@code module}: its
     * name on the module path, {@code ALL-UNNAMED} on the class path.
     */
    public static String flagTarget(Module module) {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }

    /** The channel's {@link FileDescriptor}. */
    public static FileDescriptor of(Channel channel) throws IOException {
        if (channel instanceof FileDescriptorAccess access) {
            return access.getFileDescriptor();
        }
        return (FileDescriptor) callSelChImpl(channel, "getFD");
    }

    /** The descriptor's number, or -1 once the channel is closed. */
    public static int number(Channel channel) throws IOException {
        if (!channel.isOpen()) {
            return -1;
        }
        if (channel instanceof FileDescriptorAccess access) {
            return FileDescriptorCast.using(access.getFileDescriptor()).as(Integer.class);
        }
        return (Integer) callSelChImpl(channel, "getFDVal");
    }

    private static Object callSelChImpl(Channel channel, String method) {
        if (SEL_CH_IMPL == null || !SEL_CH_IMPL.isInstance(channel)) {
            throw new UnsupportedOperationException("no file descriptor for " + channel.getClass().getName());
        }
        try {
            Method getter = SEL_CH_IMPL.getMethod(method);
            return getter.invoke(channel);
        } catch (IllegalAccessException e) {
            throw new UnsupportedOperationException(EXPORTS_HINT, e);
        } catch (NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the descriptor of " + channel.getClass().getName(), e);
        }
    }
}
