package dev.socketserver.handlers;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import org.tinylog.Logger;

/**
 * A provider of one algorithm, the JDK's own MD5 ({@value #JDK_MD5}, the class the SUN provider
 * hands out), for the file protocol's checksums. {@code MessageDigest.getInstance("MD5")} first
 * builds the JDK's provider list, and with it the SUN provider, which registers some 130 services:
 * 8-12 ms of CPU in a fresh JVM, the largest part of a pooled forked child's warm-up
 * (docs/forked.md). Asked of this provider, the same digest skips that. The checksum is the
 * protocol's, not a security measure, so it needs no provider preference from the security
 * configuration. On a JDK without that class (another vendor's layout) {@link #newDigest()} asks
 * the provider list, as before, and says so once.
 */
final class Md5Provider extends Provider {

    private static final String JDK_MD5 = "sun.security.provider.MD5";

    private static final Md5Provider INSTANCE = new Md5Provider();

    /** Whether the JDK's class answered; false once it did not (one thread may ask twice, harmlessly). */
    private static volatile boolean jdkClassWorks = true;

    private Md5Provider() {
        super("socketserver-md5", "1", "the JDK's MD5 alone, for the file protocol's checksums");
        putService(new Service(this, "MessageDigest", "MD5", JDK_MD5, null, null));
    }

    /** A new MD5 digest. */
    static MessageDigest newDigest() {
        if (jdkClassWorks) {
            try {
                return MessageDigest.getInstance("MD5", INSTANCE);
            } catch (NoSuchAlgorithmException e) {
                jdkClassWorks = false;
                Logger.debug("no {} in this JDK ({}); MD5 from the JDK's provider list", JDK_MD5, e.toString());
            }
        }
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }
}
