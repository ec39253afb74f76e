package dev.socketserver.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Jackson's tree model for the report's inputs, with errors that name the file. */
public final class Jsons {

    /** One mapper for the bench module: thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Jsons() {
    }

    /** The whole file as one JSON value. */
    static JsonNode read(Path json) throws IOException {
        try {
            return MAPPER.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(json + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One line of a JSON-lines file. */
    static JsonNode parse(String line, Path source) throws IOException {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": not a JSON line: " + e.getOriginalMessage(), e);
        }
    }

    /** A field that must be there. */
    static JsonNode required(JsonNode object, String name, Path source) throws IOException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw new IOException(source + ": a result has no '" + name + "'");
        }
        return value;
    }
}
