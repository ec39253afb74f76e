package dev.socketserver.internal;

import org.jetbrains.annotations.Nullable;

/**
 * The escaping behind {@code dev.socketserver.Printable}, which documents it, for the packages
 * that must not depend on the API package (dispatch, internal): control, line-separator and
 * bidirectional characters shown escaped.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /** The text with its control characters escaped. */
    public static String escape(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    /** The first {@code maxCodePoints} characters, escaped, and {@code ...} when the text was longer. */
    public static String escape(String text, int maxCodePoints) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), 256));
        text.codePoints().limit(maxCodePoints).forEach(c -> append(shown, c));
        if (maxCodePoints < Integer.MAX_VALUE && text.codePointCount(0, text.length()) > maxCodePoints) {
            shown.append("...");
        }
        return shown.toString();
    }

    /** {@code String.valueOf(value)}, escaped. */
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
