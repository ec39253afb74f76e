package dev.socketserver.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * junixsocket's native library, extracted once by the server for all its children. Left to
 * itself, junixsocket copies the library out of its jar into a temporary file in every JVM that
 * loads it (and lists the temporary directory, the home and the working directory for leftovers):
 * some 10-25 ms of a pooled child's CPU (docs/forked.md). The server puts the library its children
 * would extract first (from their class path: {@code /lib/ARCH-OS-clang/jni/libjunixsocket-native-VERSION.so}
 * of {@code junixsocket-native-common}) in its private AOT cache directory, named by its version and
 * digest, and the children load it with {@value #OVERRIDE}. junixsocket falls back to its own
 * search when that file does not load (the override is not forced), so a wrong guess costs only the time.
 */
final class JunixLibraryCopy {

    /** junixsocket's system property naming a library to load instead of extracting one. */
    static final String OVERRIDE = "org.newsclub.net.unix.library.override";

    private static final String ARTIFACT = "junixsocket-native-common";
    private static final String PROPERTIES = "META-INF/maven/com.kohlschutter.junixsocket/" + ARTIFACT + "/pom.properties";

    private JunixLibraryCopy() {
    }

    /**
     * The JVM option for children whose class path {@code children} reads, with the library put in
     * {@code directory} (created owner-only), or none when it cannot be: no such library on the class
     * path, a directory others can write to, an I/O error (logged; the children then extract their own).
     */
    static List<String> jvmOptions(Path directory, ClassLoader children) {
        Path library = install(directory, children);
        return library == null ? List.of() : List.of("-D" + OVERRIDE + "=" + library);
    }

    static @Nullable Path install(Path directory, ClassLoader children) {
        try {
            String version = version(children);
            if (version == null) {
                Logger.debug("no {} on the children's class path; they extract junixsocket's library themselves", ARTIFACT);
                return null;
            }
            String resource = "lib/" + arch("os.arch") + "-" + arch("os.name") + "-clang/jni/"
                    + System.mapLibraryName("junixsocket-native-" + version);
            byte[] library;
            try (InputStream in = children.getResourceAsStream(resource)) {
                if (in == null) {
                    Logger.debug("no {} on the children's class path; they extract junixsocket's library themselves", resource);
                    return null;
                }
                library = in.readAllBytes();
            }
            return ChildLibraryFiles.write(directory, "junixsocket-native-" + version + "-" + ChildLibraryFiles.digest(library) + ".so", library);
        } catch (IOException | UncheckedIOException | UnsupportedOperationException | InvalidPathException e) {
            Logger.warn(e, "cannot put junixsocket's library in {}; forked children extract it themselves", directory);
            return null;
        }
    }

    /** The version junixsocket's loader reads for its native library, or null without that jar. */
    private static @Nullable String version(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    /** A system property as junixsocket's loader cleans it for a library's path ("amd64", "Linux"). */
    private static String arch(String property) {
        return System.getProperty(property, "").replaceAll("[ /\\\\'\";:\\$]", "");
    }
}
