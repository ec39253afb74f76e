package dev.socketserver.cli;

import dev.socketserver.BaseServer;
import dev.socketserver.HandlerConfig;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.handlers.FileDownloadHandler;
import dev.socketserver.handlers.SafePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs one server until SIGTERM or Ctrl-C, which stop it gracefully (no new
 * connections, in-flight requests get {@code --grace} to finish). Prints one line when ready.
 */
@Command(name = "serve", sortOptions = false,
        description = {"Serve files with the file-download protocol (get NAME -> size, ack, body, MD5), or echo, until"
                + " SIGTERM or Ctrl-C.",
                "Prints one line when ready: mode, transport, handler, real address (port 0 shows the real port)."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "virtual", converter = Flags.ModeConverter.class,
            completionCandidates = Flags.ModeNames.class,
            description = "How each request runs: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.VIRTUAL;

    @Option(names = "--transport", paramLabel = "TRANSPORT", defaultValue = "tcp",
            converter = Flags.TransportConverter.class, completionCandidates = Flags.TransportNames.class,
            description = "Socket type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Transport transport = Transport.TCP;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on, tcp and udp (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9999",
            description = "Port to listen on, tcp and udp; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 9999;

    @Option(names = "--path", paramLabel = "SOCKET",
            description = "Socket file to listen on, unix and unix-dgram (required there; a stale file is replaced).")
    @Nullable Path path;

    @Option(names = "--socket-mode", paramLabel = "OCTAL", converter = Flags.SocketModeConverter.class,
            description = "Permissions of the socket file, unix and unix-dgram, e.g. 660 (default: what the umask"
                    + " gives).")
    @Nullable Set<PosixFilePermission> socketMode;

    @Option(names = "--handler", paramLabel = "HANDLER", defaultValue = "file",
            converter = Flags.HandlerConverter.class, completionCandidates = Flags.HandlerNames.class,
            description = "What to serve: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; file needs tcp or unix).")
    HandlerKind handler = HandlerKind.FILE;

    @Mixin
    LimitOptions limits = new LimitOptions();

    @Mixin
    ForkPoolOptions forkPool = new ForkPoolOptions();

    @Option(names = "--root", paramLabel = "DIR",
            description = "Directory the file handler serves (default: sample-files in the current directory).")
    @Nullable Path root;

    @Option(names = "--refuse-hardlinks",
            description = "Refuse files with more than one hard link: a link inside the root to a file outside it"
                    + " looks like any other file.")
    boolean refuseHardLinks;

    @Option(names = "--sample-files",
            description = "Without --root: create ./sample-files with a few files to download when it is missing"
                    + " (make run does this).")
    boolean sampleFiles;

    @Option(names = "--jmx", description = "Register the server's MXBean (dev.socketserver:type=Server,...) for"
            + " jconsole/jcmd; see docs/observability.md.")
    boolean jmx;

    @Option(names = "--batch-scheduling", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Linux: serve in the SCHED_BATCH scheduling class, so that new connections do not preempt the"
                    + " requests on a busy core (default: on; --no-batch-scheduling turns it off; see ServerOptions"
                    + ".batchScheduling).")
    boolean batchScheduling = true;

    /** Whether this run created ./sample-files (removed again if the server cannot start). */
    private boolean createdSamples;

    @Override
    public Integer call() {
        CommandSpec command = Cli.requireSpec(spec);
        SocketAddress address = address(command);
        if (transport.datagram() && handler.datagramHandler() == null) {
            throw new ParameterException(command.commandLine(), "the " + handler.flag() + " handler needs a stream"
                    + " transport (tcp or unix), not " + transport.flag() + "; use --handler echo for datagrams");
        }
        ServerOptions options = options(command);
        BaseServer<?> server;
        try {
            server = handler.open(transport, address, options);
        } catch (IllegalArgumentException e) {
            removeCreatedSamples();
            throw new ParameterException(command.commandLine(), Cli.reason(e));
        } catch (IOException e) {
            removeCreatedSamples();
            return Cli.fail(command, "cannot listen on " + Addresses.show(address) + ": " + Cli.fileReason(e));
        }
        if (createdSamples) {
            command.commandLine().getErr().println(command.qualifiedName() + ": created "
                    + SampleFiles.DEFAULT_DIR.toAbsolutePath() + " with " + String.join(", ", SampleFiles.NAMES));
        }
        settleStartUpHeap();
        PrintWriter out = command.commandLine().getOut();
        out.println(readyLine(server));
        out.flush();
        Thread stopper = Thread.ofPlatform().name("socketserver-stop").unstarted(() -> {
            // Close first: it stops accepting, gives in-flight requests the grace and then cuts
            // them, also the one a sync server runs inline; only then can the loop be waited for.
            server.serverClose();
            server.shutdown();
            command.commandLine().getErr().println(command.qualifiedName() + ": stopped");
            command.commandLine().getErr().flush();
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            server.serveForever();
        } catch (IOException e) {
            return Cli.fail(command, "serving failed: " + Cli.reason(e));
        } finally {
            if (removeHook(stopper)) {
                server.close(); // not stopped by a signal: close here; otherwise the hook does, and waits
            }
        }
        return 0;
    }

    /**
     * One full collection before the ready line, while no request waits. It moves the start-up's
     * few megabytes of objects (options, handler set-up, JDK caches) to the old generation at once;
     * otherwise each of the first young collections under load copied them again (from survivor
     * space to survivor space until they are old enough to be promoted): 3–11 ms pauses instead of
     * 1.3–1.7 ms on a server pinned to one core, each enough for a p99 over 10 ms at 8,000 new
     * connections/s (docs/benchmarks.md, "Young collections, allocation per request"). It costs
     * about 10 ms of start-up; {@code -XX:+DisableExplicitGC} turns it off.
     */
    private static void settleStartUpHeap() {
        System.gc();
    }

    /** The ready line: {@code ready mode=virtual transport=tcp handler=file address=127.0.0.1:9999 root=/srv}. */
    String readyLine(BaseServer<?> server) {
        String line = "ready mode=" + mode.flag() + " transport=" + transport.flag() + " handler=" + handler.flag()
                + " address=" + Addresses.show(server.serverAddress());
        String served = server.handlerConfig().get("root");
        return served == null ? line : line + " root=" + served;
    }

    private ServerOptions options(CommandSpec command) {
        if (handler != HandlerKind.FILE && refuseHardLinks) {
            throw new ParameterException(command.commandLine(), "--refuse-hardlinks is for --handler file only");
        }
        if (handler != HandlerKind.FILE && root != null) {
            // Not an error: `make run ARGS="--handler echo"` may come with a --root from habit.
            command.commandLine().getErr().println(command.qualifiedName() + ": --root " + root
                    + " is ignored: the " + handler.flag() + " handler serves no files");
        }
        HandlerConfig config = handler == HandlerKind.FILE ? HandlerConfig.of("root", servedRoot(command).toString())
                : HandlerConfig.empty();
        if (refuseHardLinks) {
            config = config.with(FileDownloadHandler.REFUSE_HARD_LINKS, "true");
        }
        if (socketMode != null && !transport.unix()) {
            throw new ParameterException(command.commandLine(), "--socket-mode is for unix and unix-dgram; "
                    + transport.flag() + " has no socket file");
        }
        return ServerOptions.builder()
                .mode(mode)
                .allowReuseAddress(true)
                .replaceStaleSocket(true)
                .socketFileMode(socketMode)
                .closeGrace(limits.grace)
                .handlerConfig(config)
                .limits(checked(command, limits::limits))
                .requestQueueSize(checked(command, limits::backlog))
                .fork(forkPool.forkOptions(command))
                .jmx(jmx)
                .batchScheduling(batchScheduling)
                .build();
    }

    /** {@code value}'s result; its {@link IllegalArgumentException} (naming the bad value) is a usage error. */
    private static <T> T checked(CommandSpec command, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), Cli.reason(e));
        }
    }

    private Path servedRoot(CommandSpec command) {
        Path served = root != null ? root : SampleFiles.DEFAULT_DIR;
        if (root == null && !sampleFiles && !java.nio.file.Files.exists(served)) {
            throw new ParameterException(command.commandLine(), "no --root given and ./" + served + " does not exist:"
                    + " give --root DIR, or --sample-files to create ./" + served + " with sample files");
        }
        String reason;
        try {
            createdSamples = root == null && sampleFiles && SampleFiles.ensure(SampleFiles.DEFAULT_DIR);
            return SafePaths.realRoot(served);
        } catch (IllegalArgumentException e) {
            reason = "not a directory";
        } catch (IOException e) {
            reason = Cli.fileReason(e);
        }
        throw new ParameterException(command.commandLine(), "--root " + served + " is not a usable directory: " + reason);
    }

    /** The sample files made for this run go again when the server could not start: nothing is left behind. */
    private void removeCreatedSamples() {
        if (createdSamples) {
            SampleFiles.remove(SampleFiles.DEFAULT_DIR);
        }
    }

    private SocketAddress address(CommandSpec command) {
        var parsed = command.commandLine().getParseResult();
        if (path != null && path.toString().isEmpty()) {
            throw new ParameterException(command.commandLine(), "--path must not be empty");
        }
        if (transport.unix()) {
            if (parsed.hasMatchedOption("--host") || parsed.hasMatchedOption("--port")) {
                throw new ParameterException(command.commandLine(), "--host and --port are for tcp and udp; "
                        + transport.flag() + " listens on --path");
            }
            if (path == null) {
                throw new ParameterException(command.commandLine(), "--transport " + transport.flag() + " needs --path SOCKET");
            }
            return UnixDomainSocketAddress.of(path);
        }
        if (path != null) {
            throw new ParameterException(command.commandLine(), "--path is for unix and unix-dgram; "
                    + transport.flag() + " listens on --host/--port");
        }
        Cli.checkPort(command, port);
        InetSocketAddress inet = new InetSocketAddress(host, port);
        if (inet.isUnresolved()) {
            throw new ParameterException(command.commandLine(), "unknown host '" + host + "'");
        }
        return inet;
    }

    /** Removes the stop hook; false when the JVM is already shutting down (the hook is running). */
    private static boolean removeHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
