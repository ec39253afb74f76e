package dev.socketserver.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.tinylog.Logger;

/**
 * The hand-off library ({@link HandOffNatives}) for a server's children: read from their class
 * path, written once into the server's private directory (named by its digest, so a jar with
 * another build gets another file) and named to them with {@value HandOffNatives#PROPERTY}.
 */
final class HandOffLibrary {

    private HandOffLibrary() {
    }

    /**
     * The JVM option for children whose class path {@code children} reads, with the library put in {@code directory},
     * or none when it cannot be (no library for this platform in the jar, a directory others can
     * write to, an I/O error): the children then read their channel with junixsocket.
     */
    static List<String> jvmOptions(Path directory, ClassLoader children) {
        try (InputStream in = children.getResourceAsStream(HandOffNatives.RESOURCE)) {
            if (in == null) {
                Logger.debug("no {} on the children's class path (another platform, or a jar built without a C compiler);"
                        + " pooled children read their channel with junixsocket", HandOffNatives.RESOURCE);
                return List.of();
            }
            byte[] library = in.readAllBytes();
            Path written = ChildLibraryFiles.write(directory, "socketserver-handoff-" + ChildLibraryFiles.digest(library) + ".so", library);
            return written == null ? List.of() : List.of("-D" + HandOffNatives.PROPERTY + "=" + written);
        } catch (IOException | UncheckedIOException | UnsupportedOperationException | InvalidPathException e) {
            Logger.warn(e, "cannot put the hand-off library in {}; pooled children read their channel with junixsocket", directory);
            return List.of();
        }
    }
}
