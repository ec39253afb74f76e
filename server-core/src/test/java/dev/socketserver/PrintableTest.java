package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersAreShownEscaped() {
        assertEquals("a\\nb\\r\\tc\\x1b[2J\\x07\\x7f\\x9b", Printable.escape("a\nb\r\tc\u001b[2J\u0007\u007f\u009b"));
        assertEquals("x\\u2028y\\u202ez", Printable.escape("x\u2028y\u202Ez"), "line separators and bidi overrides");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "docs/notes v2 (final) \u00e9t\u00e9 \u65e5\u672c \\ \ud83d\ude00 \u200d";
        assertEquals(text, Printable.escape(text));
    }

    @Test
    void aLimitCutsBeforeEscapingAndSaysSo() {
        assertEquals("ab\\x01...", Printable.escape("ab\u0001cd", 3));
        assertEquals("ab", Printable.escape("ab", 3));
    }

    @Test
    void aUnixClientAddressCannotBreakALogLine() {
        String shown = Printable.of(UnixDomainSocketAddress.of("/tmp/c\n12:00:00 INFO forged"));
        assertFalse(shown.contains("\n"), shown);
        assertEquals("/tmp/c\\n12:00:00 INFO forged", shown);
        assertEquals("null", Printable.of(null));
    }
}
