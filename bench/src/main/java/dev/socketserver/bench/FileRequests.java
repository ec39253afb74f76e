package dev.socketserver.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The peers' shared reading of a command: {@code get NAME} resolved inside the served root
 * (no absolute names, no {@code ..}, no symbolic links), or the reason it is refused.
 */
final class FileRequests {

    /** A resolved file, or the text of the {@code ERR} line to send instead. */
    record Resolved(Path file, String error) {
        boolean ok() {
            return error.isEmpty();
        }
    }

    private FileRequests() {
    }

    /** Reads {@code length} bytes of {@code bytes} as one command; a newline ends it early. */
    static Resolved resolve(Path root, byte[] bytes, int offset, int length) {
        String command = new String(bytes, offset, length, StandardCharsets.UTF_8);
        int newline = command.indexOf('\n');
        String[] words = (newline >= 0 ? command.substring(0, newline) : command).strip().split("\\s+", 2);
        if (words.length != 2 || !words[0].equals("get")) {
            return refused("expected 'get NAME'");
        }
        Path relative = Path.of(words[1]);
        if (relative.isAbsolute() || relative.normalize().startsWith("..") || words[1].contains("..")) {
            return refused("name outside the served directory");
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return refused("no such file");
        }
        return new Resolved(file, "");
    }

    private static Resolved refused(String reason) {
        return new Resolved(Path.of(""), "ERR " + reason + "\n");
    }
}
