package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds python3 and the seed's scripts. Missing python3 fails the test, loudly: it is never skipped. */
final class Python {

    private Python() {
    }

    /** python3 from PATH, else /usr/bin/python3. */
    static Path python3() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "python3"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/python3"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("python3 was found neither on PATH (" + path + ") nor at /usr/bin/python3; the interop tests with the"
                + " seed's Python server and client need it: install python3");
    }

    /** A script of the seed, from the test resources ({@code seed/seed_server.py}, {@code seed/seed_client.py}). */
    static Path seedScript(String name) {
        URL url = Python.class.getResource("/seed/" + name);
        if (url == null) {
            return fail("test resource seed/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A process builder for {@code python3 -u script args...}, UTF-8 on its standard streams. */
    static ProcessBuilder seed(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(python3().toString(), "-u", seedScript(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return builder;
    }
}
