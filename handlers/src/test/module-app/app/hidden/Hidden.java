package app.hidden;

import dev.socketserver.StreamRequestHandler;

/** A handler in a package the module does not export: the library cannot build it. */
public class Hidden extends StreamRequestHandler {
    @Override
    protected void handle() {
    }
}
