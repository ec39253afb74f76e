package dev.socketserver.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socketserver.ForkOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a child finds the library and the handler: the class path, or the parent's module path. */
class ChildLaunchTargetTest {

    private static final Module UNNAMED = ChildLaunchTargetTest.class.getClassLoader().getUnnamedModule();

    @Test
    void onTheClassPathTheChildGetsTheClassPath() {
        ChildLaunchTarget target = ChildLaunchTarget.of(ForkOptions.builder().classPath("/app.jar").build(), UNNAMED, "");
        assertFalse(target.modular());
        assertEquals(List.of("-cp", "/app.jar", ChildMain.class.getName()), target.jvmOptions());
    }

    @Test
    void withoutAClassPathOrAModuleTheServerIsRefusedWithTheFix() {
        var refused = assertThrows(IllegalStateException.class,
                () -> ChildLaunchTarget.of(ForkOptions.builder().classPath("").build(), UNNAMED, ""));
        assertTrue(refused.getMessage().contains("ForkOptions.Builder.classPath"), refused.getMessage());
    }

    @Test
    void aNamedLibraryStartsItsChildAsAModuleWithTheParentsModulePath() {
        Module named = Object.class.getModule(); // stands for dev.socketserver.core: any module of the boot layer
        ChildLaunchTarget target = ChildLaunchTarget.of(ForkOptions.builder().classPath("").build(), named, "/mods");
        assertTrue(target.modular());
        assertEquals(List.of("--module-path", "/mods", "--add-modules", "ALL-MODULE-PATH",
                "-m", "java.base/" + ChildMain.class.getName()), target.jvmOptions());

        ChildLaunchTarget both = ChildLaunchTarget.of(ForkOptions.builder().classPath("/extra.jar").build(), named, "/mods");
        assertEquals(List.of("--module-path", "/mods", "-cp", "/extra.jar", "--add-modules", "ALL-MODULE-PATH",
                "-m", "java.base/" + ChildMain.class.getName()), both.jvmOptions());
    }
}
