package dev.socketserver.fork;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code dup2} and {@code close} through the JDK's foreign-function interface: what puts a socket
 * received from the server onto this process's standard input, where the JDK's
 * {@link System#inheritedChannel()} takes it as a {@code SocketChannel} or {@code DatagramChannel}
 * with the right addresses (a descriptor cast by junixsocket would give its own socket type).
 * Needs {@code --enable-native-access=ALL-UNNAMED}, which every child gets.
 */
final class NativeDescriptors {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle DUP2 = function("dup2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = function("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle DUP = function("dup",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private NativeDescriptors() {
    }

    /** A downcall handle for the C library's {@code name}. */
    static MethodHandle function(String name, FunctionDescriptor signature) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the C library")), signature);
    }

    /** Makes {@code target} a copy of {@code fd} (closing what {@code target} was), as {@code dup2(2)}. */
    static void dup2(int fd, int target) throws IOException {
        int result;
        try {
            result = (int) DUP2.invokeExact(fd, target);
        } catch (Throwable e) {
            throw new IllegalStateException("dup2 could not be called", e);
        }
        if (result != target) {
            throw new IOException("dup2(" + fd + ", " + target + ") failed");
        }
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

    /**
     * Runs each call once on a copy of {@code fd}, so that the first real call on a request's path
     * pays no linking or class loading (measured: some 20 ms of the first byte otherwise).
     */
    static void warm(int fd) throws IOException {
        int copy;
        try {
            copy = (int) DUP.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("dup could not be called", e);
        }
        if (copy < 0) {
            throw new IOException("dup(" + fd + ") failed");
        }
        dup2(fd, copy);
        close(copy);
    }
}
