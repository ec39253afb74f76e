package dev.socketserver.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale benchmark's server memory, one line of {@code scale-memory-PROFILE.jsonl}: the server idle
 * and with every connection open.
 */
record ScaleMemory(String mode, int connections, Snapshot idle, Snapshot loaded) {

    /** Bytes of heap in use, live heap after a GC, RSS, and the platform threads. */
    record Snapshot(long heapUsed, long heapLive, long rss, int platformThreads) {
        static Snapshot of(JsonNode fields) {
            return new Snapshot(whole(fields, "heapUsed"), whole(fields, "heapLive"), whole(fields, "rss"),
                    (int) whole(fields, "platformThreads"));
        }
    }

    /** RSS added per open connection. */
    long rssPerConnection() {
        return (loaded.rss() - idle.rss()) / connections;
    }

    /** Live heap added per open connection. */
    long heapPerConnection() {
        return (loaded.heapLive() - idle.heapLive()) / connections;
    }

    /** Reads every line; no file means no scale runs. */
    static List<ScaleMemory> load(Path jsonl) throws IOException {
        List<ScaleMemory> all = new ArrayList<>();
        if (!Files.exists(jsonl)) {
            return all;
        }
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode fields = Jsons.parse(line, jsonl);
            JsonNode idle = fields.path("idle");
            JsonNode loaded = fields.path("loaded");
            if (!fields.path("mode").isTextual() || !idle.isObject() || !loaded.isObject()) {
                throw new IOException(jsonl + ": not a scale memory line: " + line);
            }
            all.add(new ScaleMemory(fields.get("mode").textValue(), (int) whole(fields, "connections"),
                    Snapshot.of(idle), Snapshot.of(loaded)));
        }
        return all;
    }

    private static long whole(JsonNode fields, String name) {
        JsonNode value = fields.path(name);
        if (value.isNumber()) {
            return value.longValue();
        }
        throw new IllegalArgumentException("scale memory line has no number '" + name + "': " + fields);
    }
}
