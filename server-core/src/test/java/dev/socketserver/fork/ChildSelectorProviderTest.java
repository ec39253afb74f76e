package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children are told the JDK's own selector provider, the one this JVM uses, only when their class
 * path offers none: then the name changes nothing but the search; otherwise they search as before.
 */
class ChildSelectorProviderTest {

    @TempDir
    Path dir;

    @Test
    void aClassPathWithoutAProviderGetsTheJdksOwnNamed() throws IOException {
        String jdks = SelectorProvider.provider().getClass().getName();
        assertEquals(Object.class.getModule(), SelectorProvider.provider().getClass().getModule(), "this JVM runs the JDK's own");
        assertEquals(List.of("-Djava.nio.channels.spi.SelectorProvider=" + jdks),
                optionsFor(jar("plain.jar", false) + java.io.File.pathSeparator + dir));
    }

    @Test
    void aClassPathThatOffersAProviderKeepsTheSearch() throws IOException {
        Path offering = jar("offering.jar", true);
        assertEquals(List.of(), optionsFor(jar("plain.jar", false) + java.io.File.pathSeparator + offering));
    }

    /** The options for children on {@code classPath}, read as the server reads it (ChildLibraryFiles.loader). */
    private static List<String> optionsFor(String classPath) throws IOException {
        try (URLClassLoader children = ChildLibraryFiles.loader(classPath)) {
            return ChildSelectorProvider.jvmOptions(children);
        }
    }

    /** A jar with one class-like entry and, when {@code offering}, a selector provider service file. */
    private Path jar(String name, boolean offering) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("app/Main.class"));
            out.write(new byte[] {1});
            if (offering) {
                out.putNextEntry(new ZipEntry("META-INF/services/java.nio.channels.spi.SelectorProvider"));
                out.write("app.Provider\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
