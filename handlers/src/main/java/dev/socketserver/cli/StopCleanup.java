package dev.socketserver.cli;

import dev.socketserver.handlers.FileClient;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * While a client command runs: a shutdown hook that, when the process is stopped (SIGTERM,
 * Ctrl-C), deletes the temporary file of the download in progress and says in one line that
 * nothing was saved. A stopped JVM runs its hooks but does not unwind the downloading thread,
 * whose own cleanup therefore never runs.
 *
 * <pre>{@code
 * try (StopCleanup cleanup = StopCleanup.install(spec)) {
 *     client.get(...);
 * }
 * }</pre>
 */
final class StopCleanup implements AutoCloseable {

    private final Thread hook;

    private StopCleanup(Thread hook) {
        this.hook = hook;
    }

    static StopCleanup install(CommandSpec command) {
        Thread hook = Thread.ofPlatform().name("socketserver-stop-cleanup").unstarted(() -> abandon(command));
        Runtime.getRuntime().addShutdownHook(hook);
        return new StopCleanup(hook);
    }

    private static void abandon(CommandSpec command) {
        List<Path> abandoned = FileClient.abandonDownloads();
        if (abandoned.isEmpty()) {
            return; // stopped between downloads, or exiting normally
        }
        if (Terminal.isTerminal()) {
            command.commandLine().getOut().println(); // end the progress bar's line
            command.commandLine().getOut().flush();
        }
        Cli.fail(command, "stopped; nothing saved to " + abandoned.getFirst());
    }

    /** Removes the hook: the command is over, its downloads finished or cleaned up by themselves. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already stopping: the hook runs (or ran) and does the cleanup.
            org.tinylog.Logger.debug("shutdown in progress; the stop cleanup hook stays");
        }
    }
}
