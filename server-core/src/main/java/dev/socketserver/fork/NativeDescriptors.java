package dev.socketserver.fork;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * C library calls through the JDK's foreign-function interface, for the server's side of the pool:
 * {@code close}, and downcall handles such as {@link UnixSocketPair}'s {@code socketpair}. Needs
 * {@code --enable-native-access}. A pooled child uses {@link ChildDescriptors} instead: linking a
 * first downcall costs a short-lived JVM some 20 ms of CPU.
 */
final class NativeDescriptors {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private NativeDescriptors() {
    }

    /** A downcall handle for the C library's {@code name}. */
    static MethodHandle function(String name, FunctionDescriptor signature) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the C library")), signature);
    }

    /** Closes {@code fd}, as {@code close(2)}. */
    static void close(int fd) throws IOException {
        int result;
        try {
            result = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close could not be called", e);
        }
        if (result != 0) {
            throw new IOException("close(" + fd + ") failed");
        }
    }
}
