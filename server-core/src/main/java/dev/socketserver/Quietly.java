package dev.socketserver;

import org.tinylog.Logger;

/** Closing on paths that must go on. */
final class Quietly {

    private Quietly() {
    }

    /** Closes {@code resource}, logging (not throwing) a failure. */
    static void close(AutoCloseable resource, String what) {
        try {
            resource.close();
        } catch (Exception e) {
            Logger.debug(e, "closing {} failed", what);
        }
    }
}
