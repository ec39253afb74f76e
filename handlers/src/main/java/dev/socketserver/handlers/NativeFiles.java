package dev.socketserver.handlers;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The file calls the served root makes itself on Linux, through the JDK's foreign function API:
 * {@code openat2(2)} confined beneath the root's descriptor ({@code RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS}: no symbolic link anywhere on the way, no escape), and {@code statx(2)}
 * of what was opened. The JDK opens a name relative to a directory only one segment at a time
 * and has no {@code fstat} of an open {@code FileChannel}, so a file opened through it is
 * checked by name before and after (four calls where these make three, and a gap for a same-size
 * swap these close). The descriptor becomes a {@code FileChannel} through the JDK's
 * {@code sun.nio.ch}, which {@code serve}'s manifest exports; without that export, native
 * access, a kernel with {@code openat2} or on another platform, {@link #AVAILABLE} is false and
 * {@link ServedRoot} opens names through {@code SecureDirectoryStream} as before. Linux values
 * for the constants (x86-64 and AArch64).
 */
final class NativeFiles {

    static final int AT_FDCWD = -100;
    static final int ENOENT = 2;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    static final int ELOOP = 40;

    private static final boolean AARCH64 = System.getProperty("os.arch").equals("aarch64");
    private static final long O_NONBLOCK = 04000;
    private static final long O_DIRECTORY = AARCH64 ? 040000 : 0200000;
    private static final long O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;
    private static final long O_CLOEXEC = 02000000;
    private static final long O_PATH = 010000000;
    private static final long RESOLVE_CONFINED = 0x02 | 0x04 | 0x08; // NO_MAGICLINKS | NO_SYMLINKS | BENEATH
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final long SYS_OPENAT2 = 437; // the same number on x86-64 and AArch64
    private static final long STATX_SIZE = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPENAT2;
    private static final MethodHandle STATX;
    private static final MethodHandle CLOSE;
    private static final MethodHandle NEW_FD; // sun.nio.ch.IOUtil.newFD(int)
    private static final MethodHandle OPEN_CHANNEL; // sun.nio.ch.FileChannelImpl.open(fd, path, r, w, sync, direct, parent)

    /** Whether every call here links and works on this JVM and kernel: checked once, on the root directory. */
    static final boolean AVAILABLE;

    static {
        MethodHandle openat2 = null;
        MethodHandle statx = null;
        MethodHandle close = null;
        MethodHandle newFd = null;
        MethodHandle openChannel = null;
        boolean available = false;
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Module module = NativeFiles.class.getModule();
        if (os.equals("linux") && Set.of("amd64", "aarch64").contains(System.getProperty("os.arch"))
                && module.isNativeAccessEnabled() && Object.class.getModule().isExported("sun.nio.ch", module)) {
            try {
                Linker.Option errno = Linker.Option.captureCallState("errno");
                // long syscall(long number, ...): openat2 has no C library wrapper
                openat2 = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS,
                        JAVA_LONG), errno, Linker.Option.firstVariadicArg(1));
                statx = downcall("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                        errno);
                close = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
                MethodHandles.Lookup lookup = MethodHandles.lookup(); // sun.nio.ch is exported to this module only: not public
                Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
                Class<?> channelImpl = Class.forName("sun.nio.ch.FileChannelImpl");
                newFd = lookup.findStatic(ioUtil, "newFD", MethodType.methodType(FileDescriptor.class, int.class));
                openChannel = lookup.findStatic(channelImpl, "open", MethodType.methodType(FileChannel.class,
                        FileDescriptor.class, String.class, boolean.class, boolean.class, boolean.class, boolean.class,
                        Closeable.class));
                available = true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                Logger.debug("served roots open names through the JDK: {}", e.toString());
            }
        }
        OPENAT2 = openat2;
        STATX = statx;
        CLOSE = close;
        NEW_FD = newFd;
        OPEN_CHANNEL = openChannel;
        AVAILABLE = available && probe();
    }

    private NativeFiles() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }

    /** openat2 may be missing (kernels before 5.6) or refused (a seccomp filter): then the JDK's way. */
    private static boolean probe() {
        if (OPENAT2 == null) {
            return false;
        }
        try {
            int root = openDirectory("/");
            try {
                close(openBeneath(root, ".", true));
                return true;
            } finally {
                close(root);
            }
        } catch (ErrnoException e) {
            Logger.debug("served roots open names through the JDK: openat2 failed: errno {}", e.errno());
            return false;
        }
    }

    /** A failed call's {@code errno}. */
    static final class ErrnoException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + " failed: errno " + errno, null, false, false);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /** What {@code statx} says of a file: its version and kind, and its link count. */
    record Stat(FileVersion version, int mode, long links) {
        private static final int S_IFMT = 0170000;

        boolean regularFile() {
            return (mode & S_IFMT) == 0100000;
        }

        boolean directory() {
            return (mode & S_IFMT) == 0040000;
        }

        boolean symbolicLink() {
            return (mode & S_IFMT) == 0120000;
        }
    }

    /** A file's identity: {@code statx}'s device and inode (the JDK's file key holds the same two). */
    record Identity(long device, long inode) {
    }

    /** {@code openat2(AT_FDCWD, path)} read-only as a directory, following links: a directory's descriptor. */
    static int openDirectory(String path) throws ErrnoException {
        return openat2(AT_FDCWD, path, O_DIRECTORY | O_CLOEXEC, 0);
    }

    /**
     * {@code openat2(directory, name, ...)} confined beneath {@code directory}, without following a
     * symbolic link anywhere: read-only and non-blocking (a FIFO swapped in does not block the
     * open), or with {@code pathOnly} an {@code O_PATH} descriptor that opens nothing (a FIFO, a
     * device or a final link is looked at, not opened).
     */
    static int openBeneath(int directory, String name, boolean pathOnly) throws ErrnoException {
        return openat2(directory, name, O_CLOEXEC | O_NOFOLLOW | (pathOnly ? O_PATH : O_NONBLOCK), RESOLVE_CONFINED);
    }

    private static int openat2(int directory, String name, long flags, long resolve) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment how = arena.allocate(24, 8); // struct open_how { u64 flags, mode, resolve; }
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 16, resolve);
            long fd = (long) OPENAT2.invokeExact(state, SYS_OPENAT2, directory, arena.allocateFrom(name), how, 24L);
            return (int) check("openat2", fd, state);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code statx} of an open descriptor (any kind, {@code O_PATH} too). */
    static Stat stat(int fd) throws ErrnoException {
        return statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
    }

    /**
     * {@code statx} of {@code name} relative to {@code directory} ({@link #AT_FDCWD}: the working
     * directory); a final link is looked at when {@code followLast} is false, links on the way
     * are followed: for comparing with a version, not for confinement.
     */
    static Stat stat(int directory, String name, boolean followLast) throws ErrnoException {
        return statx(directory, name, followLast ? 0 : AT_SYMLINK_NOFOLLOW);
    }

    private static Stat statx(int directory, String name, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
            int result = (int) STATX.invokeExact(state, directory, arena.allocateFrom(name), flags, STATX_BASIC_STATS,
                    buffer);
            check("statx", result, state);
            // struct statx: stx_nlink at 16, stx_mode at 28, stx_ino at 32, stx_size at 40, stx_mtime at 112
            // (tv_sec, then tv_nsec), stx_dev_major and stx_dev_minor at 136 and 140.
            int mode = buffer.get(JAVA_SHORT, 28) & 0xffff;
            long device = ((long) buffer.get(JAVA_INT, 136) << 32) | (buffer.get(JAVA_INT, 140) & 0xffffffffL);
            FileTime modified = FileTime.from(Instant.ofEpochSecond(buffer.get(JAVA_LONG, 112),
                    buffer.get(JAVA_INT, 120) & 0xffffffffL));
            FileVersion version = new FileVersion(new Identity(device, buffer.get(JAVA_LONG, 32)),
                    buffer.get(JAVA_LONG, 40), modified, (mode & 0170000) == 0100000);
            return new Stat(version, mode, buffer.get(JAVA_INT, 16) & 0xffffffffL);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code close(2)}; a failure is logged (the descriptor is gone either way on Linux). */
    static void close(int fd) {
        try {
            if ((int) CLOSE.invokeExact(fd) != 0) {
                Logger.debug("close({}) failed", fd);
            }
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The open descriptor as a read-only {@code FileChannel} that owns it: closing the channel closes it. */
    static FileChannel channel(int fd, String path) {
        try {
            FileDescriptor descriptor = (FileDescriptor) NEW_FD.invokeExact(fd);
            return (FileChannel) OPEN_CHANNEL.invokeExact(descriptor, path, true, false, false, false,
                    (Closeable) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failed call as the JDK would have reported it for {@code path}. */
    static IOException ioException(ErrnoException e, String path) {
        return switch (e.errno()) {
            case ENOENT -> new NoSuchFileException(path);
            case EACCES -> new AccessDeniedException(path);
            default -> new FileSystemException(path, null, e.getMessage());
        };
    }

    private static long check(String call, long result, MemorySegment state) throws ErrnoException {
        if (result >= 0) {
            return result;
        }
        throw new ErrnoException(call, (int) ERRNO.get(state, 0L));
    }
}
