package dev.socketserver;

import dev.socketserver.internal.RequestMeter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.jetbrains.annotations.Nullable;

/**
 * A datagram handler with CPython's file-like views: {@link #rfile()} reads the datagram,
 * whatever is written to {@link #wfile()} goes back to the client as one datagram when the
 * handler finishes.
 *
 * <pre>{@code
 * public class UpperCase extends DatagramRequestHandler {
 *     @Override protected void handle() throws IOException {
 *         wfile().write(new String(rfile().readAllBytes(), UTF_8).toUpperCase().getBytes(UTF_8));
 *     }
 * }
 * }</pre>
 */
public abstract class DatagramRequestHandler extends BaseRequestHandler<DatagramRequest> {

    /** For subclasses: the server builds one instance per datagram. */
    protected DatagramRequestHandler() {
    }

    private @Nullable InputStream rfile;
    private @Nullable ByteArrayOutputStream wfile;

    @Override
    protected void setup() throws Exception {
        rfile = new ByteArrayInputStream(request().bytes());
        RequestMeter meter = RequestMeter.current();
        if (meter != null) {
            meter.addIn(request().data().remaining());
        }
        wfile = new ByteArrayOutputStream();
    }

    /** Sends what {@link #wfile()} holds back to the client (an empty datagram if nothing). */
    @Override
    protected void finish() throws Exception {
        byte[] reply = requireWfile().toByteArray();
        request().sendTo(ByteBuffer.wrap(reply), clientAddress());
        RequestMeter meter = RequestMeter.current();
        if (meter != null) {
            meter.addOut(reply.length);
        }
    }

    /** {@return the datagram's bytes} */
    protected final InputStream rfile() {
        if (rfile == null) {
            throw new IllegalStateException("rfile is set up in setup(); call super.setup() first");
        }
        return rfile;
    }

    /** {@return the reply, sent when the handler finishes} */
    protected final OutputStream wfile() {
        return requireWfile();
    }

    private ByteArrayOutputStream requireWfile() {
        if (wfile == null) {
            throw new IllegalStateException("wfile is set up in setup(); call super.setup() first");
        }
        return wfile;
    }
}
