package dev.socketserver.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tinylog.Logger;

/**
 * The hand-off library ({@link HandOffNatives}) for a server's children: read from their class
 * path, written once into the server's private directory (named by its digest, so a jar with
 * another build gets another file) and named to them with {@value HandOffNatives#PROPERTY}.
 */
final class HandOffLibrary {

    /**
     * Where the build puts the library for this platform (Linux on x86-64 and the like). Here, on
     * the server's side, not in {@link HandOffNatives}, which every pooled child loads: a child
     * computed it there, compiling two regular expressions interpreted, for nothing (JFR put some
     * 1 ms of a child's samples there; side by side, children's CPU moved less than the noise).
     */
    static final String RESOURCE = "dev/socketserver/fork/native/" + platform() + "/" + System.mapLibraryName("socketserver-handoff");

    private HandOffLibrary() {
    }

    /** The platform part of {@link #RESOURCE}: "linux-amd64". */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        return os + "-" + arch;
    }

    /**
     * The JVM option for children whose class path {@code children} reads, with the library put in {@code directory},
     * or none when it cannot be (no library for this platform in the jar, a directory others can
     * write to, an I/O error): the children then read their channel with junixsocket.
     */
    static List<String> jvmOptions(Path directory, ClassLoader children) {
        try (InputStream in = children.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                Logger.debug("no {} on the children's class path (another platform, or a jar built without a C compiler);"
                        + " pooled children read their channel with junixsocket", RESOURCE);
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
