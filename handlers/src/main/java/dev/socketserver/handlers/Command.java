package dev.socketserver.handlers;

import dev.socketserver.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One parsed command of the file-download protocol: {@code get NAME}. Parsing is pure (no I/O),
 * so it can be fuzzed on its own; the name is checked against the served root by
 * {@code SafePaths.resolve}.
 *
 * <pre>{@code
 * Command command = Command.parse("get notes.txt\n".getBytes(UTF_8)); // command.name() = "notes.txt"
 * }</pre>
 *
 * @param name the file name as the client sent it, without surrounding whitespace
 */
public record Command(String name) {

    /** How much of an unknown verb is repeated back in the refusal. */
    private static final int SHOWN_VERB_LENGTH = 40;

    /**
     * Parses one command as the seed's server does ({@code cmd, filename = data.decode().split()}),
     * but refusing instead of crashing: the bytes are strict UTF-8, surrounding whitespace (a
     * trailing newline included) is dropped, the verb must be {@code get}, and the rest of the
     * line is the name (so names may contain inner spaces, which the seed cannot serve).
     *
     * @param bytes one command line as received, at most 1024 bytes
     * @return the parsed command
     * @throws RefusedException for an over-long, empty, non-UTF-8 or unknown command, or a missing name
     */
    public static Command parse(byte[] bytes) throws RefusedException {
        return parse(bytes, FileProtocol.MAX_COMMAND_BYTES);
    }

    /**
     * {@link #parse(byte[])} with another limit: the server's {@code Limits.maxCommandLength()}.
     *
     * @param bytes one command line as received
     * @param maxCommandBytes the longest command accepted, in bytes
     * @return the parsed command
     * @throws RefusedException for a command longer than {@code maxCommandBytes}, or any reason
     *     {@link #parse(byte[])} gives
     */
    public static Command parse(byte[] bytes, int maxCommandBytes) throws RefusedException {
        if (bytes.length > maxCommandBytes) {
            throw new RefusedException("command too long (more than " + maxCommandBytes + " bytes)");
        }
        String text = decodeUtf8(bytes).strip();
        if (text.isEmpty()) {
            throw new RefusedException("empty command; expected: get NAME");
        }
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String verb = text.substring(0, end);
        if (!verb.equals(FileProtocol.GET)) {
            throw new RefusedException("unknown command '" + Printable.escape(verb, SHOWN_VERB_LENGTH)
                    + "'; expected: get NAME");
        }
        String name = text.substring(end).strip();
        if (name.isEmpty()) {
            throw new RefusedException("missing file name; expected: get NAME");
        }
        return new Command(name);
    }

    private static String decodeUtf8(byte[] bytes) throws RefusedException {
        if (isAscii(bytes)) { // every command the seed's client sends: ASCII is UTF-8 as it is
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RefusedException("command is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
