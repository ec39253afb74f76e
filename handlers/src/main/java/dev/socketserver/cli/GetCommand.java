package dev.socketserver.cli;

import dev.socketserver.handlers.Download;
import dev.socketserver.handlers.DownloadException;
import dev.socketserver.handlers.FileClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get}: downloads one file, verified, without ever leaving a partial or clobbered file. */
@Command(name = "get", sortOptions = false,
        description = {"Download one file from a file server and verify its MD5.",
                "The file is written to a temporary file beside FILE and renamed into place only when the digest"
                        + " matches; an existing FILE is kept unless --force. Exit status 1 on any failure."})
final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The file's name on the server, relative to its root.")
    String name = "";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to save it (default: the last part of NAME, in the current directory).")
    @Nullable Path output;

    @Option(names = "--deadline", paramLabel = "SECONDS", converter = LimitOptions.SecondsConverter.class,
            description = "Give up when the whole download (once connected) takes longer, however slowly the"
                    + " bytes trickle; fractions allowed, 0 is none (default: none; --timeout bounds each read only).")
    @Nullable Duration deadline;

    @Override
    public Integer call() {
        CommandSpec command = spec();
        try {
            Path target = output != null ? output : FileClient.localName(name);
            return download(command, target);
        } catch (DownloadException e) {
            return Cli.fail(command, e.getMessage());
        }
    }

    private int download(CommandSpec command, Path target) {
        PrintWriter out = command.commandLine().getOut();
        try (StopCleanup cleanup = StopCleanup.install(command); FileClient client = connection.connect()) {
            Download download = client.get(name, target, force, progress(out),
                    deadline == null || deadline.isZero() ? null : deadline);
            if (Terminal.isTerminal()) {
                out.println("saved " + download.file() + " (" + download.size() + " bytes, md5 " + download.md5() + ")");
                out.flush();
            }
            return 0;
        } catch (DownloadException e) {
            return Cli.fail(command, e.getMessage());
        } catch (IOException e) {
            return Cli.fail(command, Cli.reason(e));
        }
    }
}
