package dev.socketserver.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The file protocol's MD5 is the JDK's own implementation, reached without the JDK provider
 * list's set-up, which a fresh JVM (a forked child) would otherwise pay for (docs/forked.md).
 */
class Md5ProviderTest {

    /** Digests a few bytes, as a forked child's first request does, and exits. */
    public static final class DigestOnce {
        public static void main(String[] args) {
            System.out.println(HexFormat.of().formatHex(FileBody.md5().digest(new byte[] {1, 2, 3})));
        }
    }

    @Test
    void digestsAsRfc1321Says() {
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", md5(""));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", md5("abc"));
        assertEquals("f96b697d7cb7938d525a2f31aaf161d0", md5("message digest"));
        assertEquals("57edf4a22be3c955ac49da2e2107b67a",
                md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
    }

    @Test
    void theDigestComesFromTheOneAlgorithmProviderNotTheProviderList() {
        assertEquals("socketserver-md5", FileBody.md5().getProvider().getName(),
                "this JDK's MD5 class was not reached: digests fall back to the provider list");
    }

    @Test
    void aFreshJvmDigestsWithoutBuildingTheSunProvider() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), DigestOnce.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(new byte[] {1, 2, 3}))),
                "the digest is MD5's: " + out.lines().filter(line -> !line.startsWith("[")).toList());
        assertTrue(out.contains("sun.security.provider.MD5 "), "the JDK's MD5 class was loaded");
        assertFalse(out.contains("sun.security.provider.SunEntries "), "the SUN provider's services were not set up");
    }

    private static String md5(String text) {
        return HexFormat.of().formatHex(FileBody.md5().digest(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
