package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The libraries leave the logging back end to the application: server-core has tinylog-impl for
 * its tests only, the handlers module as an optional dependency (the executable jar still bundles
 * it; a project depending on handlers does not get it).
 */
class LoggingDependencyTest {

    /** "scope/optional" of tinylog-impl in a module's pom ("compile/false" when not stated). */
    private static String tinylogImpl(Path pom) throws Exception {
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "artifactId", "").equals("tinylog-impl")) {
                return text(dependency, "scope", "compile") + "/" + text(dependency, "optional", "false");
            }
        }
        return "absent";
    }

    private static String text(Element parent, String tag, String otherwise) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? otherwise : nodes.item(0).getTextContent().trim();
    }

    @Test
    void onlyTheTestsAndTheExecutableJarGetTinylogImpl() throws Exception {
        assertEquals("test/false", tinylogImpl(Path.of("../server-core/pom.xml")));
        assertEquals("compile/true", tinylogImpl(Path.of("pom.xml")));
    }
}
