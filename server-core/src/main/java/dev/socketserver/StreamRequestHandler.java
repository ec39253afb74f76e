package dev.socketserver;

import dev.socketserver.internal.IdleGuard;
import dev.socketserver.internal.RequestMeter;
import dev.socketserver.internal.RequestPhase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;

/**
 * A stream handler with CPython's file-like views of the connection: {@link #rfile()} is
 * buffered, {@link #wfile()} is not (every write goes straight to the socket, like CPython's
 * {@code _SocketWriter}), and {@link #channel()} gives the connection itself, for example to
 * send a file with {@link java.nio.channels.FileChannel#transferTo}.
 *
 * <pre>{@code
 * public class Echo extends StreamRequestHandler {
 *     @Override protected void handle() throws IOException {
 *         rfile().transferTo(wfile());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Methods that may be overridden:</b> {@link #timeout()} (CPython's {@code timeout}),
 * {@link #disableNagleAlgorithm()}, {@link #readBufferSize()}, and the hooks of
 * {@link BaseRequestHandler}; call {@code super.setup()} when overriding {@code setup()}.
 * <br><b>Methods for subclasses:</b> {@link #rfile()}, {@link #wfile()}, {@link #channel()},
 * {@link #markProgress()} (after I/O on the channel), {@link #send}, and {@link #awaitingRequest()}/{@link #requestStarted()} for handlers that serve
 * several requests per connection (a graceful stop closes a connection idle between them at once).
 */
public abstract class StreamRequestHandler extends BaseRequestHandler<SocketChannel> {

    private @Nullable InputStream rfile;
    private @Nullable OutputStream wfile;
    private @Nullable IdleGuard idleGuard; // set when the server closes idle connections
    private @Nullable RequestPhase phase; // null when the handler runs outside a RequestTask (a test calling runRequest itself)
    private @Nullable RequestMeter meter; // counts the bytes of send(ByteBuffer) as wfile() counts its own

    /** For subclasses; the server builds one handler per connection, before {@code setup()}. */
    protected StreamRequestHandler() {
    }

    /** {@return how long a read may wait for data before it fails with a timeout; null waits forever} */
    protected @Nullable Duration timeout() {
        return null;
    }

    /** {@return whether to set {@code TCP_NODELAY} on the connection (ignored on Unix sockets)} */
    protected boolean disableNagleAlgorithm() {
        return false;
    }

    /**
     * The size of {@link #rfile()}'s buffer; 0 makes it unbuffered (CPython's {@code rbufsize = 0}):
     * each read is one read of the socket, for a handler that buffers by itself. A buffered read
     * that gets less than it asked for also asks the socket how much more is waiting (an
     * {@code ioctl(FIONREAD)}), which an unbuffered one does not.
     *
     * @return the buffer size in bytes (default 8192), or 0 for none
     */
    protected int readBufferSize() {
        return 8192;
    }

    @Override
    protected void setup() throws Exception {
        SocketChannel channel = request();
        boolean inet = channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY);
        if (inet && disableNagleAlgorithm()) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        Duration timeout = timeout();
        InputStream in;
        if (timeout == null) {
            in = Channels.newInputStream(channel);
        } else if (inet) {
            // The JDK's socket adaptor implements timed reads natively.
            channel.socket().setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            in = channel.socket().getInputStream();
        } else {
            in = new TimedChannelInputStream(channel, timeout);
        }
        OutputStream out = Channels.newOutputStream(channel);
        phase = RequestPhase.current();
        idleGuard = IdleGuard.current();
        if (idleGuard != null) {
            in = idleGuard.track(in);
            out = idleGuard.track(out);
        }
        meter = RequestMeter.current(); // counts bytes for JFR and JMX (docs/observability.md)
        if (meter != null) {
            in = meter.count(in);
            out = meter.count(out);
        }
        int bufferSize = readBufferSize();
        rfile = bufferSize > 0 ? new BufferedInputStream(in, bufferSize) : in;
        wfile = out;
    }

    /** Flushes {@link #wfile()}; the server closes the connection afterwards. */
    @Override
    protected void finish() throws Exception {
        if (wfile != null && request().isOpen()) {
            wfile.flush();
        }
    }

    /**
     * The connection, buffered for reading (unless {@link #readBufferSize()} is 0).
     *
     * @return the stream to read the request from
     * @throws IllegalStateException before {@code setup()} has run
     */
    protected final InputStream rfile() {
        if (rfile == null) {
            throw new IllegalStateException("rfile is set up in setup(); call super.setup() first");
        }
        return rfile;
    }

    /**
     * The connection for writing; unbuffered, a write reaches the peer without a flush.
     *
     * @return the stream to write the response to
     * @throws IllegalStateException before {@code setup()} has run
     */
    protected final OutputStream wfile() {
        if (wfile == null) {
            throw new IllegalStateException("wfile is set up in setup(); call super.setup() first");
        }
        return wfile;
    }

    /**
     * The connection itself (in blocking mode). Bytes already buffered by {@link #rfile()} are not
     * in it. I/O done here is not seen by {@link Limits#idleTimeout()}: call {@link #markProgress()}
     * after each read or write so that a busy connection is not taken for idle.
     *
     * @return the connected channel
     */
    protected final SocketChannel channel() {
        return request();
    }

    /**
     * Tells {@link Limits#idleTimeout()} that the connection is moving: call it after each read or
     * write made through {@link #channel()} ({@link #rfile()} and {@link #wfile()} report their own).
     */
    protected final void markProgress() {
        IdleGuard guard = idleGuard;
        if (guard != null) {
            guard.touch();
        }
    }

    /**
     * Marks the connection as idle between requests: the handler is about to wait for the
     * client's next command. A graceful stop closes idle connections at once (their blocked read
     * fails) instead of giving them the grace period, which is for requests being served. A
     * handler that serves several requests per connection calls it before each wait and
     * {@link #requestStarted()} once a request has come; one that never calls it is always busy.
     */
    protected final void awaitingRequest() {
        RequestPhase current = phase;
        if (current != null) {
            current.awaiting();
        }
    }

    /** Marks the connection as busy serving a request again (see {@link #awaitingRequest()}). */
    protected final void requestStarted() {
        RequestPhase current = phase;
        if (current != null) {
            current.started();
        }
    }

    /**
     * Writes all of {@code bytes} to the connection.
     *
     * @param bytes what to send
     * @throws IOException if the write fails, e.g. the client has gone
     */
    protected final void send(byte[] bytes) throws IOException {
        wfile().write(bytes);
    }

    /**
     * Writes the remaining bytes of {@code bytes} to the connection straight from the buffer (a
     * direct buffer is not copied on the way), counted and seen by the idle guard as a write to
     * {@link #wfile()} is.
     *
     * @param bytes what to send, from its position to its limit; its position ends at its limit
     * @throws IOException if the write fails, e.g. the client has gone
     */
    protected final void send(ByteBuffer bytes) throws IOException {
        SocketChannel out = request();
        while (bytes.hasRemaining()) {
            int written = out.write(bytes);
            markProgress();
            RequestMeter counting = meter;
            if (counting != null) {
                counting.addOut(written);
            }
        }
    }
}
