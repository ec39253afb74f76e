package dev.socketserver.handlers;

import java.nio.charset.StandardCharsets;

/** The constants of the seed's file-download protocol, shared by server and client. */
public final class FileProtocol {

    /** The seed reads a command with {@code recv(1024)}: a command is at most this many bytes. */
    public static final int MAX_COMMAND_BYTES = 1024;

    /** The one verb the protocol knows. */
    public static final String GET = "get";

    /** An MD5 digest as lowercase hex. */
    public static final int DIGEST_HEX_LENGTH = 32;

    /** What the seed's client sends as its acknowledgement; any bytes will do. */
    public static final byte[] SEED_ACK = "read to recv file".getBytes(StandardCharsets.US_ASCII);

    /** The prefix of a refusal reply, {@code ERR <reason>\n}. */
    public static final String ERR_PREFIX = "ERR ";

    private FileProtocol() {
    }

    /**
     * The reply for a refused request.
     *
     * @param reason why, one line without a newline
     * @return {@code ERR reason} and a newline, in UTF-8
     */
    public static byte[] errorReply(String reason) {
        return (ERR_PREFIX + reason + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
