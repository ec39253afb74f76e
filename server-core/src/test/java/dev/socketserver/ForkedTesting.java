package dev.socketserver;

import dev.socketserver.fork.ForkedDispatcher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Helpers shared by the forked-mode tests. */
final class ForkedTesting {

    private ForkedTesting() {
    }

    /** Forked mode without the AOT cache (the tests' class path has directories) and with a config entry. */
    static ServerOptions options() {
        return ServerOptions.builder()
                .mode(Mode.FORKED)
                .fork(ForkOptions.builder().aotCacheDirectory(null).build())
                .handlerConfig(HandlerConfig.of("greeting", "hello from the parent"))
                .build();
    }

    /**
     * {@code options} whose pooled children read their private channel with the hand-off library as
     * the build made it ({@code server-core/src/main/c}), as a server with an AOT cache directory
     * has its children do; without it (these tests' servers have none) they use junixsocket.
     * {@code ForkedPoolTest.aReadyChildReadsItsChannelWithTheHandOffLibraryAndNotJunixsocket} checks it is loaded.
     */
    static ServerOptions withHandOffLibrary(ServerOptions options) {
        List<String> jvm = new ArrayList<>(options.fork().jvmOptions());
        jvm.add("-Dsocketserver.fork.handOffLibrary=" + builtHandOffLibrary());
        return options.toBuilder().fork(options.fork().toBuilder().jvmOptions(jvm).build()).build();
    }

    /** The hand-off library as the build made it, in the classes directory (Linux). */
    static Path builtHandOffLibrary() {
        URL built = ClassLoader.getSystemResource("dev/socketserver/fork/native/linux-"
                + System.getProperty("os.arch") + "/" + System.mapLibraryName("socketserver-handoff"));
        if (built == null) {
            throw new IllegalStateException("the build made no hand-off library: it needs a C compiler (Debian: apt-get install gcc)");
        }
        return Path.of(URI.create(built.toString()));
    }

    /** Runs {@code serveForever} in a named platform thread; its {@code join()} fails with what the loop threw. */
    static <S extends BaseServer<?>> Running<S> serve(S server) {
        return Running.serve(server, Duration.ofMillis(50));
    }

    /**
     * Whether {@code pid} runs: not gone and not a zombie. (An orphan's zombie stays until its new
     * parent reaps it, and a container's init may never do that.) Linux: reads {@code /proc}.
     */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code pid} still has a {@code /proc} entry (running or a zombie). */
    static boolean exists(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** Waits for our own child process {@code pid} to end (the JDK reaps it), at most {@code limit}. */
    static void awaitExit(long pid, Duration limit) throws InterruptedException, TimeoutException {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return;
        }
        try {
            handle.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls {@code condition} until it holds, at most {@code limit}. Only for states no event
     * reports, such as an orphaned process becoming a zombie under an init that never reaps.
     */
    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /**
     * For a forked server, waits until its warm pool is full and ready and no child is busy: a point
     * where its descriptors hold still (each waiting child holds its channel and its output pipes;
     * after a hand-off a replacement starts 300 ms later). Other servers: returns at once.
     */
    static void awaitSettled(BaseServer<?> server) {
        if (server.forkedChildren().orElse(null) instanceof ForkedDispatcher forked) {
            int pool = server.options().fork().warmChildren();
            await(() -> forked.activeCount() == 0 && forked.readyChildren().size() == pool
                    && forked.waitingChildren().size() == pool, Duration.ofSeconds(30),
                    "the pool full (" + pool + " ready) and no child busy");
        }
    }

    /**
     * This JVM's class path with each directory packed into a jar under {@code dir}: what the
     * children's AOT cache needs (the JVM cannot cache classes from a directory).
     */
    static String jarClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else if (Files.isRegularFile(path)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
