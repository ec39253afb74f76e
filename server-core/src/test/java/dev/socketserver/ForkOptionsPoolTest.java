package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ForkOptions#warmChildren()}: checked when the options are built, naming the field and the value. */
class ForkOptionsPoolTest {

    @Test
    void negativeOrAboveMaxChildrenIsRefused() {
        ForkOptions eight = ForkOptions.defaults().withMaxChildren(8);
        for (int bad : new int[] {-1, 9}) {
            var e = assertThrows(IllegalArgumentException.class, () -> eight.withWarmChildren(bad));
            assertTrue(e.getMessage().contains("warmChildren") && e.getMessage().contains(Integer.toString(bad)),
                    e.getMessage());
        }
        assertEquals(8, eight.withWarmChildren(8).warmChildren());
        assertEquals(0, eight.withWarmChildren(0).warmChildren());
    }

    @Test
    void aLowerMaxChildrenLowersThePoolWithIt() {
        ForkOptions options = ForkOptions.defaults().withMaxChildren(10).withWarmChildren(5).withMaxChildren(3);
        assertEquals(3, options.warmChildren());
        assertEquals(3, options.maxChildren());
    }
}
