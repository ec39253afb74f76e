package dev.socketserver.handlers;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The three Linux calls the JDK does not offer, through the FFM API: {@code openat2(2)} (resolve
 * a name beneath a directory descriptor, in the kernel, with no window for a rename), {@code
 * statx(2)} on a descriptor (the identity of what was opened, not of what the name means now) and
 * {@code close(2)}. Flags are the architecture-independent ones ({@code O_PATH}, {@code O_CLOEXEC}).
 */
final class LinuxFiles {

    static final int AT_FDCWD = -100;

    /** Resolve without leaving the directory: no absolute link, no {@code ..} above it (kernel 5.6). */
    static final long RESOLVE_BENEATH = 0x08;
    /** No {@code /proc/PID/fd}-style link, which would jump anywhere. */
    static final long RESOLVE_NO_MAGICLINKS = 0x02;

    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    static final int EAGAIN = 11;
    static final int ELOOP = 40;
    static final int ENAMETOOLONG = 36;
    static final int EXDEV = 18;
    static final int ENOSYS = 38;

    private static final long O_PATH = 010000000;
    private static final long O_CLOEXEC = 02000000;
    private static final long SYS_OPENAT2 = 437; // the same number on every architecture
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final long STATX_BYTES = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle SYSCALL_OPENAT2 = LINKER.downcallHandle(LIBC.find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), ERRNO_CAPTURE);
    private static final MethodHandle STATX = LINKER.downcallHandle(LIBC.find("statx").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
            ERRNO_CAPTURE);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private LinuxFiles() {
    }

    /** What {@code statx} says of a file: enough for a {@link FileVersion} and the link count. */
    record Stat(long device, long inode, long size, FileTime modified, int mode, long links) {

        boolean regularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }

        boolean directory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        FileVersion version() {
            return new FileVersion(new FileVersion.Identity(device, inode), size, modified, regularFile());
        }
    }

    /** A failed call: its {@code errno}. */
    static final class ErrnoException extends IOException {
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + " failed: errno " + errno, null);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /**
     * {@code openat2(directory, name, O_PATH | O_CLOEXEC, resolve)}: a descriptor that pins the
     * file the name led to (and opens nothing: no FIFO blocks, no device wakes), for
     * {@link #statx(int)} and a re-open through {@code /proc/self/fd}.
     */
    static int openPath(int directory, String name, long resolve) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(24, 8); // struct open_how { u64 flags, mode, resolve; }
            how.set(ValueLayout.JAVA_LONG, 0, O_PATH | O_CLOEXEC);
            how.set(ValueLayout.JAVA_LONG, 16, resolve);
            MemorySegment state = arena.allocate(CALL_STATE);
            long fd = (long) SYSCALL_OPENAT2.invokeExact(state, SYS_OPENAT2, (long) directory,
                    arena.allocateFrom(name), how, 24L);
            if (fd < 0) {
                throw new ErrnoException("openat2", (int) ERRNO.get(state, 0L));
            }
            return (int) fd;
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("openat2 could not be called", e);
        }
    }

    /** {@code fstat} of a descriptor, through {@code statx(fd, "", AT_EMPTY_PATH)}. */
    static Stat statx(int descriptor) throws ErrnoException {
        return statx(descriptor, "", AT_EMPTY_PATH);
    }

    /** {@code statx} of a path, a final symbolic link not followed (tests and tools). */
    static Stat statx(String path) throws ErrnoException {
        return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
    }

    private static Stat statx(int directory, String name, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STATX_BYTES, 8);
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) STATX.invokeExact(state, directory, arena.allocateFrom(name), flags,
                    STATX_BASIC_STATS, buffer);
            if (result != 0) {
                throw new ErrnoException("statx", (int) ERRNO.get(state, 0L));
            }
            long links = Integer.toUnsignedLong(buffer.get(ValueLayout.JAVA_INT, 16));
            int mode = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, 28));
            long inode = buffer.get(ValueLayout.JAVA_LONG, 32);
            long size = buffer.get(ValueLayout.JAVA_LONG, 40);
            long mtimeSeconds = buffer.get(ValueLayout.JAVA_LONG, 112);
            int mtimeNanos = buffer.get(ValueLayout.JAVA_INT, 120);
            long device = (Integer.toUnsignedLong(buffer.get(ValueLayout.JAVA_INT, 136)) << 32)
                    | Integer.toUnsignedLong(buffer.get(ValueLayout.JAVA_INT, 140));
            return new Stat(device, inode, size, FileTime.from(Instant.ofEpochSecond(mtimeSeconds, mtimeNanos)),
                    mode, links);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("statx could not be called", e);
        }
    }

    /** {@code close(2)}; a descriptor from {@link #openPath} has nothing to flush, so a failure is only logged. */
    static int close(int descriptor) {
        try {
            return (int) CLOSE.invokeExact(descriptor);
        } catch (Throwable e) {
            throw new IllegalStateException("close could not be called", e);
        }
    }
}
