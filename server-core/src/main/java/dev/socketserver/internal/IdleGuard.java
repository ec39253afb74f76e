package dev.socketserver.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jetbrains.annotations.Nullable;

/**
 * Closes a connection that has made no progress for the idle timeout (slowloris). One per
 * connection, on the shared {@link Timers} thread: a deadline that, when it comes, looks at when
 * the handler last did I/O and either re-arms itself for the rest or runs {@code onIdle} (which
 * closes the channel, so a blocked read or write fails at once, in any thread or mode). Progress
 * costs one volatile write ({@link #touch()}), so the timer is never cancelled and re-made per read.
 *
 * <p>The guard of the running request is bound to a {@link ScopedValue} while the handler runs;
 * the stream handler's {@code rfile()}/{@code wfile()} and {@code markProgress()} report progress
 * through {@link #current()}.
 */
public final class IdleGuard {

    /** Writes larger than this are split so that progress is seen while a big write moves. */
    private static final int WRITE_SLICE = 64 * 1024;

    private static final ScopedValue<IdleGuard> CURRENT = ScopedValue.newInstance();

    private final long timeoutNanos;
    private final Runnable onIdle;
    private volatile long lastProgress;
    private volatile boolean stopped;
    private volatile boolean fired;
    private volatile @Nullable ScheduledFuture<?> deadline;

    private IdleGuard(Duration timeout, Runnable onIdle) {
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        this.onIdle = onIdle;
        this.lastProgress = System.nanoTime();
    }

    /** Arms a guard that runs {@code onIdle} once after {@code timeout} without progress. */
    public static IdleGuard start(Duration timeout, Runnable onIdle) {
        IdleGuard guard = new IdleGuard(timeout, onIdle);
        guard.deadline = TimerThread.schedule(guard::check, guard.timeoutNanos, TimeUnit.NANOSECONDS);
        return guard;
    }

    /** Runs {@code op} with {@code guard} as the {@link #current()} one (with none when null). */
    public static <T, X extends Throwable> T callWith(@Nullable IdleGuard guard, ScopedValue.CallableOp<T, X> op)
            throws X {
        return guard == null ? op.call() : ScopedValue.where(CURRENT, guard).call(op);
    }

    /** The guard of the request running in this thread, or null. */
    public static @Nullable IdleGuard current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** Records progress: the connection is not idle now. */
    public void touch() {
        lastProgress = System.nanoTime();
    }

    /** Disarms the guard; the request is over. */
    public void stop() {
        stopped = true;
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /** Whether the guard found the connection idle and ran {@code onIdle}. */
    public boolean fired() {
        return fired;
    }

    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /** {@code in}, reporting each read to this guard (before it blocks, and when it returns). */
    public InputStream track(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                touch();
                try {
                    return super.read();
                } finally {
                    touch();
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                touch();
                try {
                    return in.read(b, off, len);
                } finally {
                    touch();
                }
            }
        };
    }

    /** {@code out}, reporting each write to this guard; big writes go in slices so progress shows. */
    public OutputStream track(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                touch();
                out.write(b);
                touch();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                int done = 0;
                do {
                    int slice = Math.min(WRITE_SLICE, len - done);
                    touch();
                    out.write(b, off + done, slice);
                    done += slice;
                } while (done < len);
                touch();
            }
        };
    }

    private void check() {
        if (stopped) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle < timeoutNanos) {
            deadline = TimerThread.schedule(this::check, timeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        fired = true;
        onIdle.run();
    }
}
