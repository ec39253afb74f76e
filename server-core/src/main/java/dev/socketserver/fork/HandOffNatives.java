package dev.socketserver.fork;

import java.io.IOException;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * This library's own receiver of a descriptor ({@code server-core/src/main/c/handoff.c}, built into
 * the jar as {@link HandOffLibrary#RESOURCE}): what a pooled child reads its private channel with when its server
 * gave it the library ({@value #PROPERTY}, {@link HandOffLibrary}). The JDK has no call that
 * receives a descriptor; junixsocket's initialisation costs a fresh JVM some 15-20 ms of CPU
 * (its look-ups of nine optional classes each search the class path) and FFM's first downcall
 * more (docs/forked.md). Without the library (another platform, a jar built without a C compiler,
 * a library that does not load) the child reads its channel with junixsocket, as before.
 */
final class HandOffNatives {

    /** The system property a server sets for its children: the library's path. */
    static final String PROPERTY = "socketserver.fork.handOffLibrary";

    private static @Nullable Boolean loaded; // one thread: the child's main

    private HandOffNatives() {
    }

    /**
     * Loads the library named by {@value #PROPERTY}, once: false when none is named, or it does not
     * load or lacks this class's natives (logged; the child then uses junixsocket).
     */
    static boolean load() {
        Boolean known = loaded;
        if (known == null) {
            known = loadNamed(System.getProperty(PROPERTY));
            loaded = known;
        }
        return known;
    }

    private static boolean loadNamed(@Nullable String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        try {
            System.load(path);
            isUnixStream(-1); // links a native now: a library without this one's functions fails here, not mid-request
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            Logger.warn("the hand-off library {} did not load ({}); reading the private channel with junixsocket", path, e.getMessage());
            return false;
        }
    }

    /**
     * {@code recvmsg(2)} on {@code fd}: up to {@code length} bytes into {@code buffer} from
     * {@code offset}, and the first descriptor that came with them in {@code descriptor[0]}
     * (close-on-exec; -1 when none; any others are closed).
     *
     * @return the count read, -1 at end of stream
     * @throws IOException naming the error
     */
    static native int receive(int fd, byte[] buffer, int offset, int length, int[] descriptor) throws IOException;

    /** Whether {@code fd} is a Unix stream socket (a pooled child's private channel). */
    static native boolean isUnixStream(int fd);
}
