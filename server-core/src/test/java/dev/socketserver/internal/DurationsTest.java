package dev.socketserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("10s", Durations.human(Duration.ofSeconds(10)));
        assertEquals("1.5s", Durations.human(Duration.ofMillis(1_500)));
        assertEquals("250ms", Durations.human(Duration.ofMillis(250)));
        assertEquals("0ms", Durations.human(Duration.ZERO));
        assertEquals("90s", Durations.human(Duration.ofSeconds(90)));
        assertEquals("5m", Durations.human(Duration.ofMinutes(5)));
        assertEquals("1h30m", Durations.human(Duration.ofMinutes(90)));
        assertEquals("2h", Durations.human(Duration.ofHours(2)));
        assertEquals("61.001s", Durations.human(Duration.ofMillis(61_001)));
        assertEquals("-3s", Durations.human(Duration.ofSeconds(-3)));
    }
}
