package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The socket file of a Unix server: an existing file is a clear error; with
 * {@code replaceStaleSocket} a stale socket (nothing listening) is replaced, a live one is
 * refused, and a file that is not a socket is never touched.
 */
@Timeout(30)
class UnixSocketFileTest {

    private static final ServerOptions REPLACE_STALE = ServerOptions.builder().replaceStaleSocket(true).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void anExistingSocketFileIsAClearError(Transport transport) throws Exception {
        Path path = transport.socketPath(dir);
        leaveStaleSocket(transport, path);
        var error = assertThrows(FileAlreadyExistsException.class, () -> transport.open(dir, ServerOptions.defaults()));
        assertTrue(error.getMessage().contains(path.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("replaceStaleSocket"), "says how to opt in: " + error.getMessage());
        assertTrue(Files.exists(path), "the existing file is left alone");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void aStaleSocketIsReplacedWhenAllowed(Transport transport) throws Exception {
        Path path = transport.socketPath(dir);
        leaveStaleSocket(transport, path);
        try (BaseServer<?> server = transport.open(dir, REPLACE_STALE);
             ServingThread loop = ServingThread.start(server)) {
            transport.echo(server, dir);
        }
        assertFalse(Files.exists(path), "the replacing server removed its file on close");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void aLiveSocketIsNeverReplaced(Transport transport) throws Exception {
        try (BaseServer<?> live = transport.open(dir, ServerOptions.defaults());
             ServingThread loop = ServingThread.start(live)) {
            var error = assertThrows(FileAlreadyExistsException.class, () -> transport.open(dir, REPLACE_STALE));
            assertTrue(error.getMessage().contains("listening"), error.getMessage());
            transport.echo(live, dir); // the live server still has its file and serves
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void aRegularFileIsNeverReplaced(Transport transport) throws Exception {
        Path path = transport.socketPath(dir);
        Files.writeString(path, "precious data");
        var error = assertThrows(FileAlreadyExistsException.class, () -> transport.open(dir, REPLACE_STALE));
        assertTrue(error.getMessage().contains("not a socket"), error.getMessage());
        assertEquals("precious data", Files.readString(path));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void closingDoesNotRemoveAFileTheServerDidNotCreate(Transport transport) throws Exception {
        Path path = transport.socketPath(dir);
        BaseServer<?> server = transport.open(dir, ServerOptions.defaults(), false);
        Files.writeString(path, "someone else's");
        server.close();
        assertEquals("someone else's", Files.readString(path));
    }

    /** A datagram socket file gets what a stream one gets: the umask's mode, not junixsocket's srw-rw-rw-. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void theSocketFileHasTheUmasksMode(Transport transport) throws Exception {
        try (BaseServer<?> server = transport.open(dir, ServerOptions.defaults())) {
            assertEquals(PosixFilePermissions.toString(SocketFileMode.fromUmask()), mode(transport.socketPath(dir)));
            assertFalse(mode(transport.socketPath(dir)).endsWith("w-"), "others cannot write to it");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void socketFileModeIsApplied(Transport transport) throws Exception {
        var options = ServerOptions.builder().socketFileMode(PosixFilePermissions.fromString("rw-------")).build();
        try (BaseServer<?> server = transport.open(dir, options);
             ServingThread loop = ServingThread.start(server)) {
            assertEquals("rw-------", mode(transport.socketPath(dir)));
            transport.echo(server, dir); // the owner still reaches it
        }
    }

    /**
     * A server whose file was removed and re-created by another server on the same path leaves the
     * new one alone on close (issue 9, point 11): it removes only the file it created.
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UNIX_STREAM", "UNIX_DATAGRAM"})
    void closingLeavesAFileAnotherServerCreatedOnTheSamePath(Transport transport) throws Exception {
        Path path = transport.socketPath(dir);
        BaseServer<?> first = transport.open(dir, ServerOptions.defaults());
        Files.delete(path);
        try (BaseServer<?> second = transport.open(dir, ServerOptions.defaults());
             ServingThread loop = ServingThread.start(second)) {
            first.close();
            assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the second server's file is still there");
            transport.echo(second, dir);
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the second server removed its own file");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** Binds a socket at {@code path} and closes it without removing the file: what a crashed server leaves. */
    private static void leaveStaleSocket(Transport transport, Path path) throws IOException {
        if (transport == Transport.UNIX_STREAM) {
            try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                crashed.bind(UnixDomainSocketAddress.of(path));
            }
        } else {
            try (AFUNIXDatagramChannel crashed = AFUNIXDatagramChannel.open()) {
                crashed.setDeleteOnClose(false);
                crashed.bind(AFUNIXSocketAddress.of(path));
            }
        }
        assertTrue(Files.exists(path), "a stale socket file is left behind");
    }
}
