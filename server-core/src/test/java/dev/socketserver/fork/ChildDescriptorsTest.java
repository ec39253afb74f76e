package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A pooled child reaches the JDK's {@code dup2} only with {@code --add-opens java.base/sun.nio.ch}
 * (the server gives it to every child; {@code ForkedPoolTest} and friends serve through it). Without
 * it, as in this test JVM, the check fails before the child says it is ready, naming the flag (an
 * {@link IllegalStateException}, which the child logs and exits {@link ChildMain#USAGE} for).
 */
class ChildDescriptorsTest {

    @Test
    void withoutTheOpenedPackageTheCheckNamesTheFlag() {
        assertFalse(Object.class.getModule().isOpen("sun.nio.ch", ChildDescriptors.class.getModule()),
                "this test needs a JVM without --add-opens java.base/sun.nio.ch");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ChildDescriptors.check(0));
        assertTrue(refused.getMessage().contains("--add-opens java.base/sun.nio.ch=ALL-UNNAMED"), refused.getMessage());
    }

    @Test
    void aChildServingSeveralConnectionsIsRefusedTheSameWay() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, ReceivedConnection::check);
        assertTrue(refused.getMessage().contains("--add-opens java.base/sun.nio.ch=ALL-UNNAMED"), refused.getMessage());
    }
}
