package dev.socketserver.fork;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.tinylog.Logger;

/**
 * Tells a child that the server is stopping: SIGWINCH (nginx's "stop your workers gracefully"),
 * whose default action is to be ignored, so a child that has not set up its handler yet is not
 * killed by it. The child ({@link StopWhenIdle}) then closes its connection
 * if its handler waits for the next request, or as soon as it does. The JDK can only send SIGTERM
 * and SIGKILL, so this calls libc's {@code kill} (a restricted method: the server needs
 * {@code --enable-native-access}, as junixsocket does).
 */
final class StopSignal {

    /** SIGWINCH on Linux (and every BSD). */
    static final int SIGWINCH = 28;

    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private StopSignal() {
    }

    /** Sends the stop signal to {@code pid}; a child that has just ended is not an error. */
    static void send(long pid) {
        int status;
        try {
            status = (int) KILL.invokeExact(Math.toIntExact(pid), SIGWINCH);
        } catch (Throwable e) { // invokeExact declares Throwable; kill(2) itself cannot throw
            throw new IllegalStateException("cannot call kill(2)", e);
        }
        if (status != 0) {
            Logger.debug("child {} did not take the stop signal (it has ended)", pid);
        }
    }
}
