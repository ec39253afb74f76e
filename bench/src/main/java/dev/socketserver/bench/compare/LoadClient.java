package dev.socketserver.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketserver.bench.report.Jsons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the native client, {@code nload}, once: an open loop at one rate against one server, and
 * reads its JSON summary line. nload exits 1 when some requests failed and still prints the summary;
 * any other failure (no summary) is an IOException with nload's own one-line reason.
 */
final class LoadClient {

    private final Path nload;
    private final List<String> pin;

    /**
     * @param nload the client binary
     * @param pin the prefix that pins the client to its cores ({@code taskset -c 1}), or empty
     */
    LoadClient(Path nload, List<String> pin) {
        this.nload = nload;
        this.pin = List.copyOf(pin);
    }

    /** One open-loop run; the summary line of nload's output. */
    JsonNode run(int port, String file, Contestant contestant, Contestant.Load load, double rate, Settings settings)
            throws IOException, InterruptedException {
        return nload(List.of("-m", "open", "-r", Double.toString(rate), "-c", Integer.toString(load.clients()),
                "-C", load.connection(), "-d", Double.toString(settings.seconds()), "-w", seconds(settings.warmupSeconds()),
                "-t", Integer.toString(contestant.timeoutSeconds()), "127.0.0.1:" + port, file));
    }

    /** A closed-loop run (each client asks again as soon as it has its answer); the summary line. */
    JsonNode closed(int port, String file, Contestant contestant, Contestant.Load load, Settings settings)
            throws IOException, InterruptedException {
        return nload(List.of("-m", "closed", "-c", Integer.toString(load.clients()), "-C", load.connection(),
                "-d", Double.toString(settings.seconds()), "-w", seconds(settings.warmupSeconds()),
                "-t", Integer.toString(contestant.timeoutSeconds()), "127.0.0.1:" + port, file));
    }

    /** nload takes a warm-up of exactly {@code 0} as none, but refuses {@code 0.0} as not positive. */
    static String seconds(double value) {
        return value == 0 ? "0" : Double.toString(value);
    }

    private JsonNode nload(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(pin);
        command.add(nload.toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        String summary = null;
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                summary = line;
            }
        }
        if (summary == null) {
            throw new IOException("nload exited " + exit + " without a summary: " + err);
        }
        return Jsons.MAPPER.readTree(summary);
    }

    /** How long each rate runs. */
    record Settings(double seconds, double warmupSeconds) {
    }
}
