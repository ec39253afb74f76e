package dev.socketserver.handlers;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** {@code renameat2(RENAME_EXCHANGE)} through the FFM API: swaps two names atomically, the attacker's tool. */
final class ExchangeRename {

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    private static final MethodHandle RENAMEAT2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("renameat2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private ExchangeRename() {
    }

    /** Swaps what {@code a} and {@code b} name (files, directories or links), in one step. */
    static void exchange(Path a, Path b) {
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) RENAMEAT2.invokeExact(AT_FDCWD, arena.allocateFrom(a.toString()),
                    AT_FDCWD, arena.allocateFrom(b.toString()), RENAME_EXCHANGE);
            if (result != 0) {
                throw new IllegalStateException("renameat2(" + a + ", " + b + ", RENAME_EXCHANGE) failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
