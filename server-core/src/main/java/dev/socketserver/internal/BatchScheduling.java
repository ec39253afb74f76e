package dev.socketserver.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.NoSuchElementException;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Puts the calling thread in Linux's {@code SCHED_BATCH} class and back
 * ({@link dev.socketserver.ServerOptions#batchScheduling()}). A batch thread gets the same share of
 * the CPU as a normal one, but its wake-up does not preempt the thread running on its core: a
 * serve loop woken by each new connection then waits, while its core serves requests, until the
 * running thread's slice ends or it blocks, and accepts what came meanwhile in one go, instead of
 * taking two context switches from the requests per connection. Only a thread in the normal class
 * ({@code SCHED_OTHER}) is moved, and only back from batch: a class someone chose is left alone.
 * Elsewhere than Linux, or without native access, nothing changes (logged once).
 */
public final class BatchScheduling {

    static final int SCHED_OTHER = 0;
    static final int SCHED_BATCH = 3;
    /** Or'ed into the policy {@code sched_getscheduler} reports when it is set; not a class of its own. */
    private static final int SCHED_RESET_ON_FORK = 0x4000_0000;

    private BatchScheduling() {
    }

    /**
     * Moves the calling thread from the normal class to batch.
     *
     * @return whether it was moved (then {@link #leave()} moves it back)
     */
    public static boolean enter() {
        return switchClass(SCHED_OTHER, SCHED_BATCH);
    }

    /** Moves the calling thread from batch back to the normal class, if it is still in batch. */
    public static void leave() {
        switchClass(SCHED_BATCH, SCHED_OTHER);
    }

    private static boolean switchClass(int from, int to) {
        if (!Natives.AVAILABLE) {
            return false;
        }
        int policy = Natives.policy();
        if ((policy & ~SCHED_RESET_ON_FORK) != from) {
            return false;
        }
        return Natives.setPolicy(to | (policy & SCHED_RESET_ON_FORK));
    }

    /**
     * libc's {@code sched_getscheduler} and {@code sched_setscheduler} for the calling thread (pid
     * 0), linked on first use: a server without the option never calls a restricted method.
     */
    private static final class Natives {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final @Nullable MethodHandle GET = link("sched_getscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        private static final @Nullable MethodHandle SET = GET == null ? null : link("sched_setscheduler",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)); // one warning, not two
        static final boolean AVAILABLE = GET != null && SET != null;

        private static @Nullable MethodHandle link(String name, FunctionDescriptor descriptor) {
            if (!"Linux".equals(System.getProperty("os.name"))) {
                Logger.debug("batch scheduling is off: SCHED_BATCH is Linux's, this is {}", System.getProperty("os.name"));
                return null;
            }
            try {
                return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                        Linker.Option.captureCallState("errno"));
            } catch (IllegalCallerException e) {
                Logger.warn("batch scheduling is off: {}; the JVM needs --enable-native-access", e.getMessage());
                return null;
            } catch (UnsupportedOperationException | NoSuchElementException e) {
                Logger.warn("batch scheduling is off: cannot link {} ({})", name, e.toString());
                return null;
            }
        }

        static int policy() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CALL_STATE);
                int policy = (int) GET.invokeExact(state, 0);
                if (policy < 0) {
                    Logger.debug("sched_getscheduler failed: errno {}", (int) ERRNO.get(state, 0L));
                }
                return policy;
            } catch (Throwable e) {
                throw NativeCallFailure.of(e);
            }
        }

        static boolean setPolicy(int policy) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CALL_STATE);
                MemorySegment param = arena.allocate(JAVA_INT); // struct sched_param { int sched_priority; } = 0
                int status = (int) SET.invokeExact(state, 0, policy, param);
                if (status != 0) {
                    Logger.debug("sched_setscheduler({}) failed: errno {}", policy, (int) ERRNO.get(state, 0L));
                }
                return status == 0;
            } catch (Throwable e) {
                throw NativeCallFailure.of(e);
            }
        }
    }
}
