package dev.socketserver.observe;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.annotations.Nullable;

/**
 * Counts one request's bytes in and out. Bound to a {@link ScopedValue} while the handler runs, so
 * that the handlers' {@code rfile()}/{@code wfile()} count what they move without the server
 * passing it down; a forked child has none.
 */
public final class RequestMeter {

    private static final ScopedValue<RequestMeter> CURRENT = ScopedValue.newInstance();

    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile @Nullable String cutReason;

    /** Runs {@code op} with {@code meter} as the {@link #current()} one. */
    public static <T, X extends Throwable> T callWith(RequestMeter meter, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, meter).call(op);
    }

    /** The meter of the request served in this thread, or null. */
    public static @Nullable RequestMeter current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    public void addIn(long count) {
        bytesIn.addAndGet(count);
    }

    public void addOut(long count) {
        bytesOut.addAndGet(count);
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** The server closed the connection under the handler; the request's outcome is "cut". */
    void markCut(String reason) {
        cutReason = reason;
    }

    @Nullable String cutReason() {
        return cutReason;
    }

    /** {@code in}, counting the bytes each read returns. */
    public InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    addIn(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    addIn(n);
                }
                return n;
            }
        };
    }

    /** {@code out}, counting the bytes each write hands on (once it returned). */
    public OutputStream count(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                addOut(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                addOut(len);
            }
        };
    }
}
