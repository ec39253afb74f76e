package dev.socketserver;

import org.jetbrains.annotations.Nullable;

/**
 * Text from the other side (a client's file name or socket path, a server's error reason), made
 * safe to print on a terminal or in a log: control characters are shown escaped, so none can
 * move the cursor, clear the screen, set a window title or start a forged log line.
 *
 * <pre>{@code
 * Printable.escape("a\nb\033[2J");  // a\nb\x1b[2J  (backslash-n, backslash-x1b: all printable)
 * Logger.info("closing the connection from {}", Printable.of(clientAddress));
 * }</pre>
 *
 * <p>Escaped are the C0 and C1 controls and DEL ({@code \n}, {@code \r}, {@code \t}, else
 * {@code \xHH}), and the Unicode line and paragraph separators and bidirectional controls
 * (a backslash, {@code u} and four hex digits), which some viewers take for a line break or use
 * to reorder what is shown.
 * A backslash is left as it is: the result is for reading, not for decoding.
 */
public final class Printable {

    private Printable() {
    }

    /**
     * The text with its control characters escaped.
     *
     * @param text the text to show, e.g. one a client sent
     * @return the text, every control character replaced by its escape
     */
    public static String escape(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    /**
     * The first {@code maxCodePoints} characters of the text with control characters escaped,
     * and {@code ...} when the text was longer.
     *
     * @param text the text to show, e.g. one a client sent
     * @param maxCodePoints how many characters (code points) of it to keep
     * @return the escaped prefix, with {@code ...} appended when something was cut
     */
    public static String escape(String text, int maxCodePoints) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), 256));
        text.codePoints().limit(maxCodePoints).forEach(c -> append(shown, c));
        if (maxCodePoints < Integer.MAX_VALUE && text.codePointCount(0, text.length()) > maxCodePoints) {
            shown.append("...");
        }
        return shown.toString();
    }

    /**
     * {@code String.valueOf(value)}, escaped: for log arguments such as a Unix client's address, which it chose.
     *
     * @param value the object to show; null gives {@code null}
     * @return its string form with control characters escaped
     */
    public static String of(@Nullable Object value) {
        return escape(String.valueOf(value));
    }

    private static void append(StringBuilder shown, int c) {
        switch (c) {
            case '\n' -> shown.append("\\n");
            case '\r' -> shown.append("\\r");
            case '\t' -> shown.append("\\t");
            default -> {
                if (Character.isISOControl(c)) {
                    shown.append(String.format("\\x%02x", c));
                } else if (reordersOrBreaksLines(c)) {
                    shown.append(String.format("\\u%04x", c));
                } else {
                    shown.appendCodePoint(c);
                }
            }
        }
    }

    private static boolean reordersOrBreaksLines(int c) {
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
