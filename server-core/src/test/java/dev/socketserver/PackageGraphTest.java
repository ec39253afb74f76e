package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md, checked on the compiled classes (what
 * {@code jdeps -verbose:package} shows): each package of server-core refers only to the packages it
 * may import, so the graph has no cycle.
 */
class PackageGraphTest {

    private static final String ROOT = "dev.socketserver";

    /** docs/architecture.md, "Packages and what each may import" (server-core's packages only). */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.of(
            ROOT + ".internal", Set.of(ROOT + ".observe"),
            ROOT + ".observe", Set.of(),
            ROOT + ".dispatch", Set.of(ROOT + ".internal", ROOT + ".observe"),
            ROOT, Set.of(ROOT + ".dispatch", ROOT + ".internal", ROOT + ".observe"),
            ROOT + ".fork", Set.of(ROOT, ROOT + ".dispatch", ROOT + ".internal", ROOT + ".observe"));

    @Test
    void everyPackageImportsOnlyWhatTheArchitectureAllows() throws IOException, URISyntaxException {
        Path classes = Path.of(BaseServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> forbidden = new ArrayList<>();
        Set<String> packagesSeen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(file);
                if (model.isModuleInfo()) {
                    continue;
                }
                String from = packageOf(model.thisClass());
                packagesSeen.add(from);
                Set<String> allowed = MAY_IMPORT.get(from);
                assertTrue(allowed != null, "package " + from + " is missing from docs/architecture.md's table");
                for (PoolEntry entry : model.constantPool()) {
                    if (entry instanceof ClassEntry referenced) {
                        String to = packageOf(referenced);
                        if (to.startsWith(ROOT) && !to.equals(from) && !allowed.contains(to)) {
                            forbidden.add(model.thisClass().asInternalName() + " -> " + referenced.asInternalName());
                        }
                    }
                }
            }
        }
        assertEquals(MAY_IMPORT.keySet(), packagesSeen, "server-core's packages");
        assertEquals(List.of(), forbidden, "references the architecture does not allow");
    }

    private static String packageOf(ClassEntry type) {
        String name = type.asInternalName();
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash).replace('/', '.');
    }
}
