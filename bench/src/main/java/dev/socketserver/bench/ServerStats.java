package dev.socketserver.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * A server process's memory, as {@link ScaleServerMain} reports it.
 *
 * @param heapUsed heap in use when asked
 * @param heapLive heap in use right after a full GC
 * @param rss resident set size of the whole process
 * @param platformThreads live platform threads (virtual threads are not counted)
 */
public record ServerStats(long heapUsed, long heapLive, long rss, int platformThreads) {

    /** {@code stats heapUsed=… heapLive=… rss=… platformThreads=…} */
    String toLine() {
        return "stats heapUsed=" + heapUsed + " heapLive=" + heapLive + " rss=" + rss
                + " platformThreads=" + platformThreads;
    }

    /**
     * The inverse of {@link #toLine()}.
     *
     * @throws IllegalArgumentException when the line is not a stats line
     */
    static ServerStats parse(String line) {
        if (!line.startsWith("stats ")) {
            throw new IllegalArgumentException("not a stats line: '" + line + "'");
        }
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring("stats ".length()).split(" ")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("bad field '" + pair + "' in stats line '" + line + "'");
            }
            values.put(keyValue[0], Long.parseLong(keyValue[1]));
        }
        return new ServerStats(field(values, "heapUsed", line), field(values, "heapLive", line),
                field(values, "rss", line), Math.toIntExact(field(values, "platformThreads", line)));
    }

    private static long field(Map<String, Long> values, String name, String line) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " in stats line '" + line + "'");
        }
        return value;
    }
}
