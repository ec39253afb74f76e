package dev.socketserver.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5, which every JDK has; the protocol ends each file with its MD5. */
final class Md5 {

    private Md5() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide MD5", e);
        }
    }
}
