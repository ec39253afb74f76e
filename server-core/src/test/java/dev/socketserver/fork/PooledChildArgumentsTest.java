package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socketserver.LogCapture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinylog.Level;

/**
 * A pooled child's {@code --requests-per-child=N}: anything but a number from 1 is a usage error,
 * logged, before the child touches its channel.
 */
class PooledChildArgumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "x", ""})
    void aBadRequestCountIsAUsageError(String count) {
        String argument = PooledChildMain.REQUESTS_PER_CHILD + count;
        int logged = LogCapture.find(Level.ERROR, "wants a number of requests", argument).size();
        assertEquals(ChildMain.USAGE, PooledChildMain.run(List.of(argument, "dev.socketserver.handlers.EchoStreamHandler")));
        LogCapture.awaitMore(logged, Level.ERROR, "wants a number of requests", argument);
    }
}
