package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link ForkOptions#warmChildren()} and {@link ForkOptions#requestsPerChild()}: checked when the
 * options are built, naming the field and the value; the default pool fits a lower maxChildren.
 */
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

    @Test
    void theDefaultPoolIsTwoAndFitsALowerMaxChildrenWithoutAnError() {
        assertEquals(2, ForkOptions.defaults().warmChildren());
        ForkOptions one = ForkOptions.builder().maxChildren(1).build();
        assertEquals(1, one.warmChildren(), "a default the user did not choose is lowered, not refused");
        assertEquals(2, one.toBuilder().maxChildren(40).build().warmChildren(), "and stays the default");
        assertEquals(1, ForkOptions.builder().warmChildren(1).build().toBuilder().maxChildren(40).build().warmChildren(),
                "a chosen value stays chosen");
    }

    @Test
    void requestsPerChildBelowOneIsRefused() {
        assertEquals(1, ForkOptions.defaults().requestsPerChild());
        for (int bad : new int[] {0, -3}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ForkOptions.builder().requestsPerChild(bad).build());
            assertTrue(e.getMessage().contains("requestsPerChild") && e.getMessage().contains(Integer.toString(bad)),
                    e.getMessage());
        }
        assertEquals(1000, ForkOptions.builder().requestsPerChild(1000).build().requestsPerChild());
    }

    @Test
    void moreThanOneRequestPerChildWithoutAPoolIsRefused() {
        // Only a pooled child waits for another request; a child started for one has nothing else to wait on.
        var e = assertThrows(IllegalArgumentException.class,
                () -> ForkOptions.builder().warmChildren(0).requestsPerChild(2).build());
        assertTrue(e.getMessage().contains("requestsPerChild 2") && e.getMessage().contains("warmChildren is 0"),
                e.getMessage());
        assertEquals(1, ForkOptions.builder().warmChildren(0).requestsPerChild(1).build().requestsPerChild());
    }
}
