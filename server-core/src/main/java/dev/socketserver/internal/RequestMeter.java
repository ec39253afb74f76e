package dev.socketserver.internal;

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

    /** A meter at zero, not yet bound to a request. */
    public RequestMeter() {
    }

    private static final ScopedValue<RequestMeter> CURRENT = ScopedValue.newInstance();

    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile @Nullable String cutReason;

    /**
     * Runs {@code op} with {@code meter} as the {@link #current()} one.
     *
     * @param <T> what {@code op} returns
     * @param <X> what {@code op} may throw
     * @param meter the meter of the request {@code op} serves
     * @param op the request's work
     * @return what {@code op} returned
     * @throws X what {@code op} threw
     */
    public static <T, X extends Throwable> T callWith(RequestMeter meter, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, meter).call(op);
    }

    /** {@return the meter of the request served in this thread, or null} */
    public static @Nullable RequestMeter current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * Counts bytes read from the client.
     *
     * @param count how many bytes were read
     */
    public void addIn(long count) {
        bytesIn.addAndGet(count);
    }

    /**
     * Counts bytes written to the client.
     *
     * @param count how many bytes were written
     */
    public void addOut(long count) {
        bytesOut.addAndGet(count);
    }

    /** {@return the bytes read from the client so far} */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** {@return the bytes written to the client so far} */
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

    /**
     * Wraps a stream so that what is read through it is counted here.
     *
     * @param in the client's input stream
     * @return {@code in}, counting the bytes each read returns
     */
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

    /**
     * Wraps a stream so that what is written through it is counted here.
     *
     * @param out the client's output stream
     * @return {@code out}, counting the bytes each write hands on (once it returned)
     */
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
