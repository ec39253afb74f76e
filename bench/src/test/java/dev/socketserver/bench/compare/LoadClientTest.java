package dev.socketserver.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's nload runs against the native peer: the arguments it builds are ones nload takes. */
class LoadClientTest {

    @TempDir
    Path dir;

    @Test
    void anOpenLoopRunWithoutWarmUpAndAClosedRunBothSummarize() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.write(root.resolve("f"), new byte[4096]);
        Path tools = NativeTools.tools();
        Contestant peer = new Contestant("native", List.of(tools.resolve("nserve").toString(), "-p", "0", root.toString()),
                List.of(50.0), 50, List.of(new Contestant.Load("kept", 2)), 5, false);
        LoadClient client = new LoadClient(tools.resolve("nload"), List.of());
        try (ServerProcess server = ServerProcess.start(peer.command(), dir.resolve("server.log"))) {
            JsonNode open = client.run(server.port(), "f", peer, peer.loads().getFirst(), 50, new LoadClient.Settings(0.4, 0));
            assertEquals(0, open.get("errors").asLong(), open.toString());
            assertTrue(open.get("completed_with_warmup").asLong() > 0, open.toString());
            JsonNode closed = client.closed(server.port(), "f", peer, new Contestant.Load("new", 1), new LoadClient.Settings(0.3, 0.1));
            assertTrue(closed.get("requests").asLong() > 0, closed.toString());
            assertTrue(closed.get("completed_with_warmup").asLong() > closed.get("requests").asLong(), "the warm-up's are not counted: " + closed);
        }
        assertEquals("0", LoadClient.seconds(0));
        assertEquals("0.5", LoadClient.seconds(0.5));
    }
}
