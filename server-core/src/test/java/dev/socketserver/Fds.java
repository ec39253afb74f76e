package dev.socketserver;

import static org.junit.jupiter.api.Assertions.fail;

import dev.socketserver.internal.OpenDescriptors;
import java.time.Duration;

/** Descriptor leak checks for tests: a baseline, then back to it. */
final class Fds {

    private Fds() {
    }

    /** The count to come back to. */
    static int baseline() {
        return OpenDescriptors.count();
    }

    /** The count to come back to, taken once {@code server}'s warm pool (if any) has settled. */
    static int baseline(BaseServer<?> server) {
        ForkedTesting.awaitSettled(server);
        return baseline();
    }

    /** Fails unless the count comes back to {@code baseline}, once {@code server}'s warm pool (if any) has settled again. */
    static void awaitBackTo(int baseline, BaseServer<?> server) {
        ForkedTesting.awaitSettled(server);
        awaitBackTo(baseline);
    }

    /** Fails unless the count comes back to {@code baseline} within 10 s. */
    static void awaitBackTo(int baseline) {
        int now = OpenDescriptors.awaitAtMost(baseline, Duration.ofSeconds(10));
        if (now > baseline) {
            fail("descriptor leak: " + now + " open, baseline " + baseline + ": " + OpenDescriptors.describe());
        }
    }
}
