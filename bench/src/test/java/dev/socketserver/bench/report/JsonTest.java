package dev.socketserver.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNestedValues() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", List.of(1.0, -2.5e3, "x\"y\\z\u00e9\n"));
        expected.put("b", Map.of("t", true, "f", false));
        expected.put("n", null);
        expected.put("e", List.of());
        assertEquals(expected, Json.parse(
                " { \"a\" : [1, -2.5E3, \"x\\\"y\\\\z\\u00e9\\n\"], \"b\": {\"t\": true, \"f\": false}, \"n\": null, \"e\": [] } "));
    }

    @Test
    void reportsTheOffsetOfASyntaxError() {
        for (String bad : Arrays.asList("{\"a\" 1}", "[1,", "\"open", "{} x", "tru", "@")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("JSON: ") && e.getMessage().contains("offset"), e.getMessage());
        }
    }
}
