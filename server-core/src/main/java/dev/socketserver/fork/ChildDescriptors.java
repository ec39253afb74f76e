package dev.socketserver.fork;

import dev.socketserver.internal.FileDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jetbrains.annotations.Nullable;

/**
 * {@code dup} and {@code dup2} in a pooled child, and descriptor numbers to and from
 * {@link FileDescriptor} objects: what puts a socket received from the server onto this process's
 * standard input, where {@link System#inheritedChannel()} takes it. They are the JDK's own natives
 * ({@code sun.nio.ch.InheritedChannel}'s private {@code dup} and {@code dup2}, behind
 * {@code inheritedChannel()}; {@code sun.nio.ch.IOUtil}'s {@code fdVal} and {@code newFD}), reached
 * by reflection: a JNI call, no set-up, and no junixsocket (whose initialisation opens the jar:
 * {@link HandOffNatives}). The same calls through FFM ({@link NativeDescriptors}, which the server
 * still uses) cost a child some 20 ms of CPU to link its first downcall (docs/forked.md). Needs
 * {@code --add-opens java.base/sun.nio.ch}, which the server gives every child; without it
 * {@link #check} fails before the child says it is ready.
 */
final class ChildDescriptors {

    private static final String IMPL = "sun.nio.ch.InheritedChannel";
    private static final String IO_UTIL = "sun.nio.ch.IOUtil";

    private ChildDescriptors() {
    }

    /** The natives, looked up on first use (one thread: the child's main). */
    private record Natives(Method dup, Method dup2, Method number, Method descriptor) {
    }

    private static @Nullable Natives natives;

    /** Not a holder class: its failed initialisation would surface as an {@link ExceptionInInitializerError}. */
    private static Natives natives() {
        Natives found = natives;
        if (found == null) {
            found = new Natives(find(IMPL, "dup", int.class), find(IMPL, "dup2", int.class, int.class),
                    find(IO_UTIL, "fdVal", FileDescriptor.class), find(IO_UTIL, "newFD", int.class));
            natives = found;
        }
        return found;
    }

    private static Method find(String type, String name, Class<?>... parameters) {
        try {
            Method method = Class.forName(type).getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("a pooled child needs " + type + "'s " + name
                    + " (java.base opened to it with " + openFlag() + "): " + e, e);
        }
    }

    /**
     * The flag that opens {@code sun.nio.ch} to this library, as an error names it: what the server
     * gives every child, and what this class and {@link ReceivedConnection} need.
     */
    static String openFlag() {
        return "--add-opens java.base/sun.nio.ch=" + FileDescriptors.flagTarget(ChildDescriptors.class.getModule());
    }

    /**
     * Fails now rather than at the first request when the natives cannot be reached, and runs each
     * once on a copy of {@code fd}, so that a request's first call loads and links nothing.
     *
     * @throws IllegalStateException when {@code sun.nio.ch} is not open to this library
     */
    static void check(int fd) throws IOException {
        int copy = dup(fd);
        dup2(fd, copy);
        FileDescriptor copied = descriptor(copy);
        if (number(copied) != copy) {
            throw new IllegalStateException(IO_UTIL + "'s descriptor numbers do not round-trip");
        }
        DescriptorObjects.close(copied);
    }

    /** A new descriptor for what {@code fd} is, as {@code dup(2)}. */
    static int dup(int fd) throws IOException {
        return (int) call(natives().dup(), fd);
    }

    /** {@code descriptor}'s number ({@code sun.nio.ch.IOUtil.fdVal}); -1 when it is closed. */
    static int number(FileDescriptor descriptor) throws IOException {
        return (int) call(natives().number(), descriptor);
    }

    /** A {@link FileDescriptor} for {@code fd} ({@code sun.nio.ch.IOUtil.newFD}), which then owns it. */
    static FileDescriptor descriptor(int fd) throws IOException {
        return (FileDescriptor) call(natives().descriptor(), fd);
    }

    /** Makes {@code target} a copy of {@code fd} (closing what {@code target} was), as {@code dup2(2)}. */
    static void dup2(int fd, int target) throws IOException {
        call(natives().dup2(), fd, target);
    }

    private static String where(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /** Calls a native; its {@link IOException} (the JDK's, naming the error) is thrown as it is. */
    private static Object call(Method method, Object... args) throws IOException {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(where(method) + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(where(method) + " could not be called", e);
        }
    }
}
