package dev.socketserver;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jetbrains.annotations.Nullable;

/**
 * How {@link Mode#FORKED} starts its child JVMs: CPython's {@code max_children}, plus what a
 * {@code ProcessBuilder} needs that {@code fork()} does not. Built one way only, like
 * {@link ServerOptions}: {@link #builder()} or {@link #toBuilder()}, then {@link Builder#build()}.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *         .mode(Mode.FORKED)
 *         .fork(ForkOptions.builder().maxChildren(8).build())
 *         .build();
 * }</pre>
 */
public final class ForkOptions {

    /** Waiting children by default (fewer when {@code maxChildren} is lower: see {@link #warmChildren()}). */
    public static final int DEFAULT_WARM_CHILDREN = 2;

    /** Requests a child serves by default: one, as CPython's {@code ForkingMixIn}. */
    public static final int DEFAULT_REQUESTS_PER_CHILD = 1;

    private final int maxChildren;
    private final Path javaCommand;
    private final String classPath;
    private final List<String> jvmOptions;
    private final @Nullable Path aotCacheDirectory;
    private final int warmChildren;
    private final boolean warmChildrenChosen; // false: the default, lowered to fit maxChildren
    private final int requestsPerChild;

    private ForkOptions(Builder b) {
        maxChildren = b.maxChildren;
        javaCommand = b.javaCommand;
        classPath = b.classPath;
        jvmOptions = List.copyOf(b.jvmOptions);
        aotCacheDirectory = b.aotCacheDirectory;
        warmChildrenChosen = b.warmChildren != null;
        warmChildren = b.warmChildren != null ? b.warmChildren : Math.min(DEFAULT_WARM_CHILDREN, b.maxChildren);
        requestsPerChild = b.requestsPerChild;
    }

    /**
     * 40 children at most, this JVM's launcher and class path, the AOT cache in the user's cache
     * directory. Read when called, not at class initialisation: on the module path the class
     * path is empty, which only forked mode has to mind (when its server is built).
     *
     * @return the default fork options, read from this JVM now
     */
    public static ForkOptions defaults() {
        return new Builder().build();
    }

    /** {@return a new builder starting from {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder starting from these values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * At most this many children run at once; at the limit the server waits for one to end before
     * it starts another (default 40, as CPython).
     *
     * @return the most children running at once
     */
    public int maxChildren() { return maxChildren; }

    /** {@return the {@code java} launcher for children (default: this JVM's)} */
    public Path javaCommand() { return javaCommand; }

    /**
     * The children's class path; it must hold the handler class and this library (default: this
     * JVM's {@code java.class.path}, e.g. the executable jar). It may be empty when this library
     * runs on the module path: children then get this JVM's module path; a forked server refuses
     * to start when neither can hold the handler.
     *
     * @return the children's class path, possibly empty
     */
    public String classPath() { return classPath; }

    /**
     * Extra JVM options for children, after the fast-start ones (so they may override them), e.g.
     * {@code -Xmx64m}. The server's own come first: the fast start, and system properties naming
     * the hand-off library ({@code socketserver.fork.handOffLibrary}) and, when the children's class
     * path offers no other, the JDK's selector provider ({@code java.nio.channels.spi.SelectorProvider})
     * (docs/forked.md, "A pooled child that opens no jar").
     *
     * @return the extra JVM options for children
     */
    public List<String> jvmOptions() { return jvmOptions; }

    /**
     * Where the children's AOT cache is made and kept (created owner-only); null starts every
     * child without one.
     *
     * @return the children's AOT cache directory, or null for none
     */
    public @Nullable Path aotCacheDirectory() { return aotCacheDirectory; }

    /**
     * How many children are started ahead and wait for a request (the warm pool; 0: a child is
     * started for each request); at most {@link #maxChildren()}, which counts waiting children
     * too. The default is {@value #DEFAULT_WARM_CHILDREN}, or {@code maxChildren} when that is
     * lower; a value set on the builder is never lowered (above {@code maxChildren} it is refused).
     * Each serves {@link #requestsPerChild()} requests and exits.
     *
     * @return the number of children started ahead of their requests
     */
    public int warmChildren() { return warmChildren; }

    /**
     * How many requests a child of the warm pool serves, one after another, before it exits
     * (gunicorn's {@code max_requests}); {@value #DEFAULT_REQUESTS_PER_CHILD} by default, so that
     * every request has a JVM of its own, as a child started for it does. More trades that
     * isolation (a request may see what an earlier one left in the JVM: static state, loaded
     * classes, a leak) for throughput (fewer JVM starts). Only pooled children serve more than
     * one: above 1 it needs {@link #warmChildren()} above 0.
     *
     * @return the most requests one child serves
     */
    public int requestsPerChild() { return requestsPerChild; }

    @Override
    public boolean equals(Object other) {
        return other instanceof ForkOptions that
                && maxChildren == that.maxChildren
                && javaCommand.equals(that.javaCommand)
                && classPath.equals(that.classPath)
                && jvmOptions.equals(that.jvmOptions)
                && Objects.equals(aotCacheDirectory, that.aotCacheDirectory)
                && warmChildren == that.warmChildren
                && requestsPerChild == that.requestsPerChild;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxChildren, javaCommand, classPath, jvmOptions, aotCacheDirectory, warmChildren, requestsPerChild);
    }

    @Override
    public String toString() {
        return "ForkOptions[maxChildren=" + maxChildren + ", javaCommand=" + javaCommand + ", classPath=" + classPath
                + ", jvmOptions=" + jvmOptions + ", aotCacheDirectory=" + aotCacheDirectory
                + ", warmChildren=" + warmChildren + ", requestsPerChild=" + requestsPerChild + "]";
    }

    /** {@code $XDG_CACHE_HOME/socketserver/aot}, else {@code ~/.cache/socketserver/aot}. */
    private static Path defaultAotCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("socketserver").resolve("aot");
    }

    /** Collects values for a {@link ForkOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private int maxChildren = 40;
        private Path javaCommand = Path.of(System.getProperty("java.home"), "bin", "java");
        private String classPath = System.getProperty("java.class.path", "");
        private List<String> jvmOptions = List.of();
        private @Nullable Path aotCacheDirectory = defaultAotCacheDirectory();
        private @Nullable Integer warmChildren; // null: the default, fitted to maxChildren in build()
        private int requestsPerChild = DEFAULT_REQUESTS_PER_CHILD;

        private Builder() {
        }

        private Builder(ForkOptions from) {
            maxChildren = from.maxChildren;
            javaCommand = from.javaCommand;
            classPath = from.classPath;
            jvmOptions = from.jvmOptions;
            aotCacheDirectory = from.aotCacheDirectory;
            warmChildren = from.warmChildrenChosen ? from.warmChildren : null;
            requestsPerChild = from.requestsPerChild;
        }

        /**
         * Sets {@link ForkOptions#maxChildren()}.
         *
         * @param value how many children may run at once (default 40); {@link #build()} wants at least 1
         * @return this builder
         */
        public Builder maxChildren(int value) { maxChildren = value; return this; }
        /**
         * Sets {@link ForkOptions#javaCommand()}.
         *
         * @param value the {@code java} launcher for children (default: this JVM's)
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder javaCommand(Path value) { javaCommand = Objects.requireNonNull(value, "javaCommand"); return this; }
        /**
         * Sets {@link ForkOptions#classPath()}.
         *
         * @param value the children's class path, holding the handler class and this library; empty for the module path only, and {@link #build()} refuses one that is blank but not empty
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder classPath(String value) { classPath = Objects.requireNonNull(value, "classPath"); return this; }
        /**
         * Sets {@link ForkOptions#jvmOptions()}.
         *
         * @param value extra JVM options for children, after the fast-start ones, e.g. {@code -Xmx64m}
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder jvmOptions(List<String> value) { jvmOptions = Objects.requireNonNull(value, "jvmOptions"); return this; }

        /**
         * Another cache directory; null turns the AOT cache off.
         *
         * @param value where the children's AOT cache is made and kept, or null for none
         * @return this builder
         */
        public Builder aotCacheDirectory(@Nullable Path value) { aotCacheDirectory = value; return this; }

        /**
         * How many children wait ahead of their requests; 0 turns the pool off.
         *
         * @param value the size of the warm pool; {@link #build()} wants 0 to {@code maxChildren}
         * @return this builder
         */
        public Builder warmChildren(int value) { warmChildren = value; return this; }

        /**
         * How many requests a pooled child serves before it exits.
         *
         * @param value requests per child (default 1); {@link #build()} wants at least 1, and a pool for more
         * @return this builder
         */
        public Builder requestsPerChild(int value) { requestsPerChild = value; return this; }

        /**
         * Validates every value; a bad one gives {@link IllegalArgumentException} naming it.
         *
         * @return the fork options with this builder's values
         * @throws IllegalArgumentException if {@code maxChildren} is below 1, {@code classPath} is blank but not
         *     empty, {@code warmChildren} is outside 0..{@code maxChildren}, or {@code requestsPerChild} is below
         *     1, or above 1 without a pool
         */
        public ForkOptions build() {
            if (maxChildren < 1) {
                throw new IllegalArgumentException("maxChildren must be >= 1, got " + maxChildren);
            }
            if (classPath.isBlank() && !classPath.isEmpty()) {
                throw new IllegalArgumentException("classPath must name the jar or directories holding the handler, or be"
                        + " empty (the module path only), got '" + classPath + "'");
            }
            if (warmChildren != null && (warmChildren < 0 || warmChildren > maxChildren)) {
                throw new IllegalArgumentException("warmChildren must be between 0 and maxChildren (" + maxChildren
                        + "), got " + warmChildren);
            }
            if (requestsPerChild < 1) {
                throw new IllegalArgumentException("requestsPerChild must be >= 1, got " + requestsPerChild);
            }
            if (requestsPerChild > 1 && warmChildren != null && warmChildren == 0) {
                // A child started for its request has the socket as standard input and nothing else to wait on.
                throw new IllegalArgumentException("requestsPerChild " + requestsPerChild + " needs the warm pool (only"
                        + " its children serve more than one request), but warmChildren is 0");
            }
            return new ForkOptions(this);
        }
    }
}
