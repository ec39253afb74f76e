package dev.socketserver.cli;

import dev.socketserver.EnumFlags;

/** The four transports of the {@code serve --transport} flag. */
enum Transport {
    TCP(false, false),
    UDP(false, true),
    UNIX(true, false),
    UNIX_DGRAM(true, true);

    private final boolean unix;
    private final boolean datagram;

    Transport(boolean unix, boolean datagram) {
        this.unix = unix;
        this.datagram = datagram;
    }

    /** {@code tcp}, {@code udp}, {@code unix}, {@code unix-dgram}. */
    String flag() {
        return EnumFlags.flag(this);
    }

    /** A Unix socket, addressed by {@code --path}; otherwise an Internet one ({@code --host}, {@code --port}). */
    boolean unix() {
        return unix;
    }

    boolean datagram() {
        return datagram;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    static Transport parse(String text) {
        return EnumFlags.parse(Transport.class, text);
    }
}
