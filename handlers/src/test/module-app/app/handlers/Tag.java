package app.handlers;

import dev.socketserver.StreamRequestHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Echoes what the client sends, tagged with the serving JVM's pid (a forked child has its own). */
public class Tag extends StreamRequestHandler {
    @Override
    protected void handle() throws IOException {
        String line = new String(rfile().readAllBytes(), StandardCharsets.UTF_8);
        wfile().write(("pid " + ProcessHandle.current().pid() + ": " + line).getBytes(StandardCharsets.UTF_8));
    }
}
