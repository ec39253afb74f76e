package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ForkOptions#warmChildren()}: checked when the options are built, naming the field and the value. */
class ForkOptionsPoolTest {

    @Test
    void negativeOrAboveMaxChildrenIsRefused() {
        ForkOptions eight = ForkOptions.builder().maxChildren(8).build();
        for (int bad : new int[] {-1, 9}) {
            var e = assertThrows(IllegalArgumentException.class, () -> eight.toBuilder().warmChildren(bad).build());
            assertTrue(e.getMessage().contains("warmChildren") && e.getMessage().contains(Integer.toString(bad)),
                    e.getMessage());
        }
        assertEquals(8, eight.toBuilder().warmChildren(8).build().warmChildren());
        assertEquals(0, eight.toBuilder().warmChildren(0).build().warmChildren());
    }

    @Test
    void aPoolAboveALowerMaxChildrenIsRefusedNotLowered() {
        // Options are values: build() validates what it was given, it never changes one value to fit another.
        var e = assertThrows(IllegalArgumentException.class,
                () -> ForkOptions.builder().maxChildren(10).warmChildren(5).maxChildren(3).build());
        assertTrue(e.getMessage().contains("warmChildren") && e.getMessage().contains("(3)"), e.getMessage());
    }
}
