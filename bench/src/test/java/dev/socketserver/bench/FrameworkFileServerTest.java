package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark's framework servers serve the benchmark's client in every mode, over TCP and Unix sockets. */
class FrameworkFileServerTest {

    private static ServedFiles files;

    @BeforeAll
    static void createFiles() throws IOException {
        files = ServedFiles.create(FileSize.KIB_4);
    }

    @AfterAll
    static void deleteFiles() {
        files.close();
    }

    @ParameterizedTest
    @CsvSource({"sync, tcp", "threaded, tcp", "virtual, tcp", "virtual, unix", "forked, tcp", "forked, unix"})
    void servesTheClientRequestAfterRequest(String mode, String transport, @TempDir Path sockets) throws IOException {
        FileSize size = FileSize.KIB_4;
        try (BenchServer server = ServerKind.parse(mode).start(Transport.parse(transport).bindAddress(sockets), files.root())) {
            for (int connection = 0; connection < 2; connection++) {
                try (DownloadClient client = DownloadClient.connect(server.address())) {
                    assertEquals(size.bytes(), client.download(size.fileName(), size.bytes(), files.md5(size)));
                    assertEquals(size.bytes(), client.download(size.fileName(), size.bytes(), files.md5(size)));
                }
            }
        }
    }
}
