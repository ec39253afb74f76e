package dev.socketserver;

import java.nio.file.Path;
import java.util.List;
import org.jetbrains.annotations.Nullable;

/**
 * How {@link Mode#FORKED} starts its child JVMs: CPython's {@code max_children}, plus what a
 * {@code ProcessBuilder} needs that {@code fork()} does not.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.FORKED)
 *         .fork(ForkOptions.defaults().withMaxChildren(8))
 *         .build();
 * }</pre>
 *
 * @param maxChildren at most this many children run at once; at the limit the server waits for
 *     one to end before it starts another (default 40, as CPython)
 * @param javaCommand the {@code java} launcher for children (default: this JVM's)
 * @param classPath the children's class path; it must hold the handler class and this library
 *     (default: this JVM's {@code java.class.path}, e.g. the executable jar)
 * @param jvmOptions extra JVM options for children, after the fast-start ones (so they may
 *     override them), e.g. {@code -Xmx64m}
 * @param aotCacheDirectory where the children's AOT cache is made and kept (created owner-only);
 *     null starts every child without one
 */
public record ForkOptions(
        int maxChildren,
        Path javaCommand,
        String classPath,
        List<String> jvmOptions,
        @Nullable Path aotCacheDirectory) {

    private static final ForkOptions DEFAULTS = new ForkOptions(
            40,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            System.getProperty("java.class.path", ""),
            List.of(),
            defaultAotCacheDirectory());

    /** Validates; a bad value gives {@link IllegalArgumentException} naming it. */
    public ForkOptions {
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be >= 1, got " + maxChildren);
        }
        if (classPath.isBlank()) {
            throw new IllegalArgumentException("classPath must name the jar or directories holding the handler");
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** 40 children at most, this JVM's launcher and class path, the AOT cache in the user's cache directory. */
    public static ForkOptions defaults() {
        return DEFAULTS;
    }

    public ForkOptions withMaxChildren(int value) {
        return new ForkOptions(value, javaCommand, classPath, jvmOptions, aotCacheDirectory);
    }

    public ForkOptions withJavaCommand(Path value) {
        return new ForkOptions(maxChildren, value, classPath, jvmOptions, aotCacheDirectory);
    }

    public ForkOptions withClassPath(String value) {
        return new ForkOptions(maxChildren, javaCommand, value, jvmOptions, aotCacheDirectory);
    }

    public ForkOptions withJvmOptions(List<String> value) {
        return new ForkOptions(maxChildren, javaCommand, classPath, value, aotCacheDirectory);
    }

    /** Another cache directory; null turns the AOT cache off. */
    public ForkOptions withAotCacheDirectory(@Nullable Path value) {
        return new ForkOptions(maxChildren, javaCommand, classPath, jvmOptions, value);
    }

    /** {@code $XDG_CACHE_HOME/socketserver/aot}, else {@code ~/.cache/socketserver/aot}. */
    private static Path defaultAotCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("socketserver").resolve("aot");
    }
}
