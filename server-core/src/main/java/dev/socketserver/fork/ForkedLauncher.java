package dev.socketserver.fork;

import dev.socketserver.ForkOptions;
import dev.socketserver.Printable;
import dev.socketserver.internal.FileDescriptors;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jetbrains.annotations.Nullable;
import org.newsclub.net.unix.FileDescriptorCast;
import org.tinylog.Logger;

/**
 * Starts child JVMs: {@code java [fast-start options] [AOT options] [user options] -cp CLASSPATH
 * dev.socketserver.fork.ChildMain ARGS} (on the module path {@code --module-path ... -m
 * dev.socketserver.core/dev.socketserver.fork.ChildMain ARGS}), with the request's socket as
 * standard input and the standard output and error piped into the server's log. {@code ProcessBuilder} closes every
 * other descriptor in the child, so a child holds nothing of the server but its one socket.
 */
final class ForkedLauncher {

    /**
     * Options that start a short-lived JVM fastest (measured here): C1 only, and only for code run
     * ten times as often as by default (a third of a waiting child's CPU went to compiling its own
     * start-up while it waited: 0.16 s of CPU before its request, 0.12 s with this; hot loops, such
     * as a large file's digest, still compile within milliseconds), the serial collector,
     * no perf-data file, native reflection (building the handler then spins no method-handle
     * classes: some 10 ms less); junixsocket's native library without a warning; AOT cache
     * problems silent (the JVM then starts without it; what it prints while making the cache cannot be
     * turned off, and the relay logs it at DEBUG); the child's log lines on the console and
     * plain, as the server copies them into its log with its own prefix, INFO and above only (the
     * relay logs a child's standard output at INFO, so its DEBUG lines would arrive as INFO).
     */
    static final List<String> FAST_START = List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=10",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-Djdk.reflect.useNativeAccessorOnly=true",
            "-Xlog:aot=off",
            "-Xlog:cds=off",
            "--enable-native-access=ALL-UNNAMED",
            "-Dtinylog.writer=console",
            "-Dtinylog.writer.level=info",
            "-Dtinylog.writer.format={level}: {message}");

    private final ChildLaunchTarget target;
    private final List<String> jvm;
    private final ForkedAotCache aotCache;
    private final int requestsPerChild;
    private final boolean poolTrains; // a warm pool: its first waiting child makes the AOT cache, not a child started for a request

    /** @throws IllegalStateException when the children could not find the handler (see {@link ChildLaunchTarget}) */
    ForkedLauncher(ForkOptions options) {
        this.target = ChildLaunchTarget.of(options);
        List<String> command = new ArrayList<>();
        command.add(options.javaCommand().toString());
        command.addAll(FAST_START);
        // For ChildDescriptors (a pooled child's dup2) and ReceivedConnection; in every child, pooled or not,
        // because an AOT cache refuses a JVM whose module options differ from its training child's (measured:
        // JDK 25 says so and starts without it).
        command.add("--add-opens=java.base/sun.nio.ch=" + FileDescriptors.flagTarget(ChildMain.class.getModule()));
        Path aotDirectory = target.modular() ? null : options.aotCacheDirectory();
        command.addAll(classPathOptions(aotDirectory, options.classPath()));
        command.addAll(options.jvmOptions());
        this.jvm = List.copyOf(command);
        this.requestsPerChild = options.requestsPerChild();
        this.poolTrains = options.warmChildren() > 0;
        // The cache is keyed on the class path (each jar's size and time) and on the path it was
        // trained on (a pooled child's or a child started for its request); a modular child starts without one.
        List<String> key = new ArrayList<>(jvm);
        key.add(poolTrains ? "trained on a pooled child" : "trained on a child started for its request");
        this.aotCache = new ForkedAotCache(aotDirectory, key, options.classPath());
    }

    /**
     * The options that come of reading the children's class path: the copies of junixsocket's
     * library and of the hand-off library beside the AOT cache (none without its directory), and
     * the selector provider. One reader over the class path for all three, so each jar is opened once.
     */
    private static List<String> classPathOptions(@Nullable Path aotDirectory, String classPath) {
        List<String> options = new ArrayList<>();
        try (URLClassLoader children = ChildLibraryFiles.loader(classPath)) {
            if (aotDirectory != null) {
                options.addAll(JunixLibraryCopy.jvmOptions(aotDirectory, children));
                options.addAll(HandOffLibrary.jvmOptions(aotDirectory, children));
            }
            options.addAll(ChildSelectorProvider.jvmOptions(children));
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            // the class path as the JVM takes it is the children's business; only these options are lost
            Logger.warn(e, "cannot read the children's class path {}; children start without the options it gives", classPath);
        }
        return options;
    }

    ForkedAotCache aotCache() {
        return aotCache;
    }

    /** Starts the child for {@code launch}; the caller still holds (and must close) its copy of the socket. */
    Process start(ForkedLaunch launch) throws IOException {
        ProcessBuilder.Redirect socket = FileDescriptorCast.using(launch.socket()).as(ProcessBuilder.Redirect.class);
        String shown = Printable.of(launch.clientAddress());
        return start(launch.jvmOptions(), launch.arguments().toArgs(), socket, launch.datagram(), !poolTrains, () -> shown);
    }

    /**
     * Starts a waiting child of the pool ({@link ChildArguments#POOLED}) with {@code channel}, its
     * private channel to this server, as standard input; the caller still holds (and must close)
     * its copy of {@code channel}.
     *
     * @param shown what the child's log lines are tagged with (its client, once it has one)
     */
    Process startWaiting(ChildTemplate template, FileDescriptor channel, Supplier<String> shown) throws IOException {
        ProcessBuilder.Redirect input = FileDescriptorCast.using(channel).as(ProcessBuilder.Redirect.class);
        List<String> args = new ArrayList<>();
        args.add(ChildArguments.POOLED);
        if (requestsPerChild > 1) {
            args.add(PooledChildMain.REQUESTS_PER_CHILD + requestsPerChild);
        }
        args.addAll(template.arguments().toArgs());
        return start(template.jvmOptions(), args, input, null, true, shown);
    }

    private Process start(List<String> requestJvmOptions, List<String> args, ProcessBuilder.Redirect input,
                          byte @Nullable [] datagram, boolean mayTrain, Supplier<String> shown) throws IOException {
        ForkedAotCache.Options aot = aotCache.nextChild(mayTrain); // last before start: a training claim must reach start
        ProcessBuilder builder = new ProcessBuilder(command(aot, requestJvmOptions, args)).redirectInput(input);
        Map<String, String> env = builder.environment();
        env.remove(ChildArguments.DATAGRAM_ENV);
        if (datagram != null) {
            env.put(ChildArguments.DATAGRAM_ENV, Base64.getEncoder().encodeToString(datagram));
        }
        Path training = aot.trainingOutput();
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            if (training != null) {
                aotCache.trainingAbandoned();
            }
            throw e;
        }
        ForkedOutputRelay.start(process, shown, training != null);
        if (training != null) {
            process.onExit().thenRun(() -> aotCache.trainingEnded(training));
        }
        return process;
    }

    private List<String> command(ForkedAotCache.Options aot, List<String> requestJvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(jvm.size() + 8);
        command.add(jvm.getFirst());
        command.addAll(aot.jvmOptions()); // first: the user's options may still override
        command.addAll(requestJvmOptions);
        command.addAll(jvm.subList(1, jvm.size()));
        command.addAll(target.jvmOptions());
        command.addAll(args);
        return command;
    }
}
