package dev.socketserver.handlers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jetbrains.annotations.Nullable;

/**
 * Splits a connection's input into the protocol's messages the way the seed does: one read of at
 * most {@value FileProtocol#MAX_COMMAND_BYTES} bytes is one message, and a newline also ends one
 * (bytes after it are kept for the next message). A read that fills all 1024 bytes without a
 * newline is an over-long command; the rest of that line, up to its newline, is then skipped so
 * that a client which ends its commands with newlines stays in step.
 *
 * <p>Holds one 1 KiB buffer for the connection's lifetime; nothing is allocated per read except
 * the returned command.
 */
public final class CommandReader {

    private final InputStream in;
    private final byte[] buffer;
    private int start;
    private int end;
    private boolean skippingLongLine;

    /**
     * A reader with the protocol's default limit of 1024 bytes per command.
     *
     * @param in the connection; reads of it should return what has arrived (not wait to fill)
     */
    public CommandReader(InputStream in) {
        this(in, FileProtocol.MAX_COMMAND_BYTES);
    }

    /**
     * A reader with the server's limit per command.
     *
     * @param in the connection; reads of it should return what has arrived (not wait to fill)
     * @param maxCommandBytes the longest command (and the size of one read): the server's
     *     {@code Limits.maxCommandLength()}
     */
    public CommandReader(InputStream in, int maxCommandBytes) {
        this.in = in;
        this.buffer = new byte[maxCommandBytes];
    }

    /**
     * The next command's bytes, without the newline that ended it.
     *
     * @return null when the client has closed its side
     * @throws IOException when reading the connection fails
     * @throws RefusedException when the command is longer than the limit (1024 bytes by default)
     */
    public byte @Nullable [] nextCommand() throws IOException, RefusedException {
        while (true) {
            if (start == end && !fill()) {
                return null;
            }
            int newline = indexOfNewline();
            if (skippingLongLine) {
                start = newline < 0 ? end : newline + 1;
                skippingLongLine = newline < 0;
                continue;
            }
            if (newline < 0 && start > 0 && end == buffer.length) {
                // The read that brought these bytes was cut by the buffer, not by the client (it
                // began inside the line skipped above): read on to the end of this command.
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                if (!fillMore()) {
                    return take(-1);
                }
                continue;
            }
            if (newline < 0 && start == 0 && end == buffer.length) {
                start = end;
                skippingLongLine = true;
                throw new RefusedException("command too long (more than " + buffer.length + " bytes)");
            }
            return take(newline);
        }
    }

    /**
     * Waits for the client's acknowledgement (any bytes, up to a newline or one read) and drops it.
     *
     * @return false when the client closed its side instead
     * @throws IOException when reading the connection fails
     */
    public boolean awaitAcknowledgement() throws IOException {
        if (start == end && !fill()) {
            return false;
        }
        take(indexOfNewline());
        return true;
    }

    /** One read into the empty buffer; false at end of stream. */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        start = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    /** One read appended to what is buffered; false at end of stream. */
    private boolean fillMore() throws IOException {
        int n;
        do {
            n = in.read(buffer, end, buffer.length - end);
        } while (n == 0);
        end += Math.max(n, 0);
        return n > 0;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Removes and returns the bytes up to {@code newline} (exclusive), or all that are buffered. */
    private byte[] take(int newline) {
        int stop = newline < 0 ? end : newline;
        byte[] message = Arrays.copyOfRange(buffer, start, stop);
        start = newline < 0 ? end : newline + 1;
        return message;
    }
}
