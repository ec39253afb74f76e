package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * THIRD-PARTY names every artifact the executable jar bundles, with its version: the build lists
 * them ({@code dependency:list}, runtime scope, into target/bundled-artifacts.txt), the same set
 * the shade plugin puts in the jar.
 */
class ThirdPartyNoticeTest {

    /** {@code group:artifact:type:version:scope}, as dependency:list writes it (with an optional module note). */
    private static final Pattern ARTIFACT = Pattern.compile("^\\s*([\\w.-]+):([\\w.-]+):jar:([\\w.-]+):(compile|runtime)\\b");

    @Test
    void namesEveryBundledArtifactWithItsVersion() throws IOException {
        List<String> bundled = Files.readAllLines(Path.of("target/bundled-artifacts.txt"));
        String notice = Files.readString(Path.of("../THIRD-PARTY"));
        int artifacts = 0;
        for (String line : bundled) {
            Matcher m = ARTIFACT.matcher(line);
            if (!m.find()) {
                continue;
            }
            artifacts++;
            String name = m.group(1) + ":" + m.group(2);
            Matcher entry = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+(\\S+)\\s+(Apache License 2\\.0|CC0 1\\.0 / BSD-2-Clause)\\s").matcher(notice);
            assertTrue(entry.find(), "THIRD-PARTY does not name " + name + " and its licence");
            assertTrue(entry.group(1).equals(m.group(3)),
                    "THIRD-PARTY gives " + name + " version " + entry.group(1) + ", the jar bundles " + m.group(3));
        }
        assertFalse(artifacts == 0, "no bundled artifact listed in target/bundled-artifacts.txt: " + bundled);
    }

    @Test
    void licenceIsTheApacheLicenceText() throws IOException {
        String licence = Files.readString(Path.of("../LICENSE"));
        assertTrue(licence.contains("Apache License\n                           Version 2.0, January 2004"));
        assertTrue(licence.contains("END OF TERMS AND CONDITIONS"));
    }
}
