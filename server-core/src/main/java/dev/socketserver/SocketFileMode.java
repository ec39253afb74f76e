package dev.socketserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The permissions of a Unix server's socket file. bind(2) gives a socket file
 * {@code 0777 & ~umask} (what a JDK stream socket gets); junixsocket's bind makes its datagram
 * socket {@code srw-rw-rw-} whatever the umask, so a Unix datagram server sets the umask's mode
 * back, and {@link ServerOptions#socketFileMode()} replaces either.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder().socketFileMode(SocketFileMode.parseOctal("660")).build();
 * }</pre>
 */
public final class SocketFileMode {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final int DEFAULT_UMASK = 022;
    private static final PosixFilePermission[] BITS_HIGH_TO_LOW = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    };

    private SocketFileMode() {
    }

    /** {@return what bind(2) gives a new socket file in this process: {@code 0777 & ~umask}} */
    static Set<PosixFilePermission> fromUmask() {
        return ofOctal(0777 & ~umask());
    }

    /**
     * Parses an octal mode such as {@code 660} or {@code 0600} (permission bits only).
     *
     * @param text the mode: one to three octal digits, optionally after a leading 0
     * @return the permissions the mode sets
     * @throws IllegalArgumentException naming the text when it is not one
     */
    public static Set<PosixFilePermission> parseOctal(String text) {
        if (!text.matches("0?[0-7]{1,3}")) {
            throw new IllegalArgumentException("'" + text + "' is not an octal file mode such as 660 or 0600");
        }
        return ofOctal(Integer.parseInt(text, 8));
    }

    /**
     * The permissions of the bits of {@code mode} (0 to 0777).
     *
     * @param mode the permission bits, e.g. {@code 0660}
     * @return the permissions whose bits are set in it
     */
    static Set<PosixFilePermission> ofOctal(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS_HIGH_TO_LOW.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(BITS_HIGH_TO_LOW[i]);
            }
        }
        return permissions;
    }

    /** The process umask, from {@code /proc/self/status} (calling umask(2) to read it would change it meanwhile). */
    private static int umask() {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            for (String line : lines) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            Logger.debug(e, "cannot read the umask from {}", PROC_STATUS);
        }
        Logger.warn("cannot read the process umask; socket files get {}", Integer.toOctalString(0777 & ~DEFAULT_UMASK));
        return DEFAULT_UMASK;
    }
}
