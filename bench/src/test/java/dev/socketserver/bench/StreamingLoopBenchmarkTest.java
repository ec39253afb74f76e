package dev.socketserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each loop sends the whole file, and exactly the bytes it sent arrive (checked in tearDown). */
class StreamingLoopBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"seedLines", "bufferedCopy", "transferTo"})
    void everyLoopSendsTheWholeFile(String loop) throws Exception {
        StreamingLoopBenchmark benchmark = new StreamingLoopBenchmark();
        benchmark.loop = loop;
        benchmark.size = "1MiB";
        benchmark.setUp();
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(FileSize.MIB_1.bytes(), benchmark.send());
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
