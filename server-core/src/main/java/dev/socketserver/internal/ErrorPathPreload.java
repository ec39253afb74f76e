package dev.socketserver.internal;

import java.time.ZoneId;
import org.newsclub.net.unix.AFSocket;
import org.tinylog.Logger;

/**
 * Loads, while descriptors are still free, what a server's error paths need: the logging backend
 * (tinylog's start-up loads {@code libmanagement.so} and reads its configuration), the time zone
 * its timestamps use, and junixsocket's native library. Without it the first "too many open
 * files" on accept is logged by code that itself needs a descriptor to load, and the
 * {@link UnsatisfiedLinkError} that follows ends the process.
 */
public final class ErrorPathPreload {

    private static volatile boolean done;

    private ErrorPathPreload() {
    }

    /** Loads it all once per JVM; cheap after the first call. */
    public static void ensureLoaded() {
        if (done) {
            return;
        }
        if (!Logger.isErrorEnabled()) { // initialises the provider and its writers
            Logger.trace("error logging is off");
        }
        ZoneId.systemDefault().getRules(); // the tz database, read lazily by the first timestamp
        if (!AFSocket.isSupported()) { // loads the native library (extracted to a temporary file)
            Logger.debug("junixsocket has no native library for this platform");
        }
        done = true;
    }
}
