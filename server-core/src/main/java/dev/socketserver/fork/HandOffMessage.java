package dev.socketserver.fork;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jetbrains.annotations.Nullable;

/**
 * What a waiting child receives with a request's socket, on its private channel to the server:
 * the client's address and, for a datagram transport, the datagram's bytes (a stream socket knows
 * its peer and carries its own bytes). The socket itself travels with the message's first byte
 * ({@code SCM_RIGHTS}).
 *
 * <p>Wire form: a 4-byte length, then a kind byte ({@value #STREAM} or {@value #DATAGRAM}), a
 * 2-byte length and the client's address in {@link ChildAddresses} form, then the datagram's bytes.
 *
 * @param clientAddress the client, in {@link ChildAddresses} form
 * @param datagram the datagram's bytes; null for a connection
 */
public record HandOffMessage(String clientAddress, byte @Nullable [] datagram) {

    /** The byte a child writes to its server once it is ready for a request. */
    public static final byte READY = 'R';

    /** Larger than any datagram (65,507 bytes for UDP) plus the address. */
    static final int MAX_LENGTH = 70_000;

    private static final byte STREAM = 0;
    private static final byte DATAGRAM = 1;

    /** The message for a request from {@code client}. */
    public static HandOffMessage of(SocketAddress client, byte @Nullable [] datagram) {
        return new HandOffMessage(ChildAddresses.format(client), datagram);
    }

    /** The message as sent, length first. */
    public ByteBuffer encode() {
        byte[] address = clientAddress.getBytes(StandardCharsets.UTF_8);
        int bytes = datagram == null ? 0 : datagram.length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + 1 + 2 + address.length + bytes);
        buffer.putInt(1 + 2 + address.length + bytes);
        buffer.put(datagram == null ? STREAM : DATAGRAM);
        buffer.putShort((short) address.length).put(address);
        if (datagram != null) {
            buffer.put(datagram);
        }
        return buffer.flip();
    }

    /**
     * Reads {@link #encode()}'s form after its length.
     *
     * @throws IllegalArgumentException when the body is not a message
     */
    static HandOffMessage decode(ByteBuffer body) {
        try {
            byte kind = body.get();
            byte[] address = new byte[Short.toUnsignedInt(body.getShort())];
            body.get(address);
            byte[] datagram = null;
            if (kind == DATAGRAM) {
                datagram = new byte[body.remaining()];
                body.get(datagram);
            } else if (kind != STREAM || body.hasRemaining()) {
                throw new IllegalArgumentException("not a hand-off message (kind " + kind + ")");
            }
            return new HandOffMessage(new String(address, StandardCharsets.UTF_8), datagram);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("hand-off message cut short", e);
        }
    }
}
