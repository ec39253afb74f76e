package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    private static Command parse(String text) throws RefusedException {
        return Command.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(RefusedException.class, () -> Command.parse(bytes)).reason();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get a.txt", "get a.txt\n", "get a.txt\r\n", "  get \t a.txt  ", "get\ta.txt"})
    void seedAndNewlineFormsParse(String text) throws RefusedException {
        assertEquals(new Command("a.txt"), parse(text));
    }

    @Test
    void innerSpacesStayInTheName() throws RefusedException {
        assertEquals("my notes.txt", parse("get my notes.txt\n").name());
    }

    @Test
    void namesBeyondAsciiAreDecodedAsUtf8() throws RefusedException {
        assertEquals("caf\u00e9/\u65e5\u672c.txt", parse("get caf\u00e9/\u65e5\u672c.txt\n").name());
    }

    @Test
    void emptyOrBlankCommandIsRefused() {
        assertTrue(refusal(new byte[0]).startsWith("empty command"));
        assertTrue(refusal(" \r\n".getBytes(StandardCharsets.US_ASCII)).startsWith("empty command"));
    }

    @Test
    void unknownVerbIsNamedAndMadePrintable() {
        assertEquals("unknown command 'put'; expected: get NAME", refusal("put x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("unknown command 'GET'; expected: get NAME", refusal("GET x".getBytes(StandardCharsets.UTF_8)));
        String shown = refusal("x\u001b[31mred y".getBytes(StandardCharsets.UTF_8));
        assertTrue(shown.contains("x\\x1b[31mred"), shown);
        String longVerb = refusal("v".repeat(500).getBytes(StandardCharsets.UTF_8));
        assertTrue(longVerb.contains("v".repeat(40) + "...") && !longVerb.contains("v".repeat(41)), longVerb);
    }

    @Test
    void missingNameIsRefused() {
        assertEquals("missing file name; expected: get NAME", refusal("get".getBytes(StandardCharsets.UTF_8)));
        assertEquals("missing file name; expected: get NAME", refusal("get   \n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void invalidUtf8IsRefused() {
        assertEquals("command is not valid UTF-8", refusal(new byte[] {'g', 'e', 't', ' ', (byte) 0xff, (byte) 0xfe}));
    }

    @Test
    void overLongCommandIsRefused() {
        byte[] atLimit = ("get " + "a".repeat(FileProtocol.MAX_COMMAND_BYTES - 4)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(FileProtocol.MAX_COMMAND_BYTES, atLimit.length);
        assertEquals(FileProtocol.MAX_COMMAND_BYTES - 4, assertDoesParse(atLimit).name().length());
        byte[] over = ("get " + "a".repeat(FileProtocol.MAX_COMMAND_BYTES)).getBytes(StandardCharsets.US_ASCII);
        assertTrue(refusal(over).startsWith("command too long"));
    }

    private static Command assertDoesParse(byte[] bytes) {
        try {
            return Command.parse(bytes);
        } catch (RefusedException e) {
            throw new AssertionError("refused: " + e.reason(), e);
        }
    }
}
