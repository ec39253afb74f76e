package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two peers speak the protocol the benchmark client checks, over TCP and Unix sockets. */
class PeerServersTest {

    private static ServedFiles files;

    @BeforeAll
    static void createFiles() throws IOException {
        files = ServedFiles.create(FileSize.KIB_4, FileSize.MIB_1);
    }

    @AfterAll
    static void deleteFiles() {
        files.close();
    }

    @ParameterizedTest
    @CsvSource({"bare, tcp", "bare, unix", "netty, tcp", "netty, unix"})
    void servesFilesRequestAfterRequestAndToConcurrentClients(String kind, String transport, @TempDir Path sockets)
            throws Exception {
        try (BenchServer server = ServerKind.parse(kind).start(Transport.parse(transport).bindAddress(sockets), files.root())) {
            try (DownloadClient client = DownloadClient.connect(server.address())) {
                for (FileSize size : List.of(FileSize.KIB_4, FileSize.MIB_1, FileSize.KIB_4)) {
                    assertEquals(size.bytes(), client.download(size.fileName(), size.bytes(), files.md5(size)));
                }
            }
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Long>> downloads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<Long> once = () -> {
                        try (DownloadClient c = DownloadClient.connect(server.address())) {
                            return c.download(FileSize.MIB_1.fileName(), FileSize.MIB_1.bytes(), files.md5(FileSize.MIB_1));
                        }
                    };
                    downloads.add(pool.submit(once));
                }
                for (Future<Long> download : downloads) {
                    assertEquals(FileSize.MIB_1.bytes(), download.get());
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"bare", "netty"})
    void aMissingFileIsAnErrorAndTheConnectionStaysUsable(String kind, @TempDir Path sockets) throws Exception {
        try (BenchServer server = ServerKind.parse(kind).start(Transport.TCP.bindAddress(sockets), files.root());
             DownloadClient client = DownloadClient.connect(server.address())) {
            IOException missing = assertThrows(IOException.class, () -> client.download("nope.bin", 1, "x"));
            assertTrue(missing.getMessage().contains("ERR no such file"), missing.getMessage());
            FileSize size = FileSize.KIB_4;
            assertEquals(size.bytes(), client.download(size.fileName(), size.bytes(), files.md5(size)));
        }
    }

    @ParameterizedTest
    @CsvSource({"bare", "netty"})
    void theClientRejectsAWrongDigest(String kind, @TempDir Path sockets) throws Exception {
        try (BenchServer server = ServerKind.parse(kind).start(Transport.TCP.bindAddress(sockets), files.root());
             DownloadClient client = DownloadClient.connect(server.address())) {
            FileSize size = FileSize.KIB_4;
            IOException wrong = assertThrows(IOException.class,
                    () -> client.download(size.fileName(), size.bytes(), "0".repeat(32)));
            assertTrue(wrong.getMessage().startsWith("MD5 mismatch"), wrong.getMessage());
        }
    }
}
