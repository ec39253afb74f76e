package dev.socketserver;

import dev.socketserver.internal.PrintableText;
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
        return PrintableText.escape(text);
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
        return PrintableText.escape(text, maxCodePoints);
    }

    /**
     * {@code String.valueOf(value)}, escaped: for log arguments such as a Unix client's address, which it chose.
     *
     * @param value the object to show; null gives {@code null}
     * @return its string form with control characters escaped
     */
    public static String of(@Nullable Object value) {
        return PrintableText.of(value);
    }
}
