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
 * @param warmChildren how many children are started ahead and wait for a request (the warm pool;
 *     0: a child is started for each request); at most {@code maxChildren}, which counts waiting
 *     children too. Each still serves one request and exits.
 */
public record ForkOptions(
        int maxChildren,
        Path javaCommand,
        String classPath,
        List<String> jvmOptions,
        @Nullable Path aotCacheDirectory,
        int warmChildren) {

    /** Waiting children by default. */
    public static final int DEFAULT_WARM_CHILDREN = 0;

    private static final ForkOptions DEFAULTS = new ForkOptions(
            40,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            System.getProperty("java.class.path", ""),
            List.of(),
            defaultAotCacheDirectory(),
            DEFAULT_WARM_CHILDREN);

    /** Validates; a bad value gives {@link IllegalArgumentException} naming it. */
    public ForkOptions {
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be >= 1, got " + maxChildren);
        }
        if (classPath.isBlank()) {
            throw new IllegalArgumentException("classPath must name the jar or directories holding the handler");
        }
        if (warmChildren < 0 || warmChildren > maxChildren) {
            throw new IllegalArgumentException("warmChildren must be between 0 and maxChildren (" + maxChildren
                    + "), got " + warmChildren);
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@return the defaults: 40 children at most, this JVM's launcher and class path, the AOT cache in the user's cache directory} */
    public static ForkOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Another limit; {@link #warmChildren()} is lowered to it if it was above.
     *
     * @param value at most this many children run at once
     * @return the copy; this one is unchanged
     */
    public ForkOptions withMaxChildren(int value) {
        return new ForkOptions(value, javaCommand, classPath, jvmOptions, aotCacheDirectory,
                Math.max(0, Math.min(warmChildren, value)));
    }

    /**
     * How many children wait ahead of their requests; 0 turns the pool off.
     *
     * @param value how many children are started ahead and wait for a request (the warm pool); 0 turns it off
     * @return the copy; this one is unchanged
     */
    public ForkOptions withWarmChildren(int value) {
        return new ForkOptions(maxChildren, javaCommand, classPath, jvmOptions, aotCacheDirectory, value);
    }

    /**
     * A copy with another {@code javaCommand}.
     *
     * @param value the {@code java} launcher for children (default: this JVM's)
     * @return the copy; this one is unchanged
     */
    public ForkOptions withJavaCommand(Path value) {
        return new ForkOptions(maxChildren, value, classPath, jvmOptions, aotCacheDirectory, warmChildren);
    }

    /**
     * A copy with another {@code classPath}.
     *
     * @param value the children's class path
     * @return the copy; this one is unchanged
     */
    public ForkOptions withClassPath(String value) {
        return new ForkOptions(maxChildren, javaCommand, value, jvmOptions, aotCacheDirectory, warmChildren);
    }

    /**
     * A copy with another {@code jvmOptions}.
     *
     * @param value extra JVM options for children, after the fast-start ones (so they may override them)
     * @return the copy; this one is unchanged
     */
    public ForkOptions withJvmOptions(List<String> value) {
        return new ForkOptions(maxChildren, javaCommand, classPath, value, aotCacheDirectory, warmChildren);
    }

    /**
     * Another cache directory; null turns the AOT cache off.
     *
     * @param value where the children's AOT cache is made and kept (created owner-only); null turns the cache off
     * @return the copy; this one is unchanged
     */
    public ForkOptions withAotCacheDirectory(@Nullable Path value) {
        return new ForkOptions(maxChildren, javaCommand, classPath, jvmOptions, value, warmChildren);
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
