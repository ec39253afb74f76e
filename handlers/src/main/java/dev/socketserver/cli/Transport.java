package dev.socketserver.cli;

/** The four transports of the {@code serve --transport} flag. */
enum Transport {
    TCP("tcp", false, false),
    UDP("udp", false, true),
    UNIX("unix", true, false),
    UNIX_DGRAM("unix-dgram", true, true);

    private final String flag;
    private final boolean unix;
    private final boolean datagram;

    Transport(String flag, boolean unix, boolean datagram) {
        this.flag = flag;
        this.unix = unix;
        this.datagram = datagram;
    }

    String flag() {
        return flag;
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
        return Flags.parse("transport", values(), Transport::flag, text);
    }
}
