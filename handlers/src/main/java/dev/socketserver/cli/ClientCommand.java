package dev.socketserver.cli;

import dev.socketserver.handlers.Progress;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the clients ({@code get}, {@code shell}) share: where to connect, {@code --force}, and progress. */
abstract class ClientCommand implements Callable<Integer> {

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Mixin
    ConnectOptions connection = new ConnectOptions();

    @Option(names = "--force", description = "Replace a local file that exists (kept otherwise, with an error).")
    boolean force;

    final CommandSpec spec() {
        return Cli.requireSpec(spec);
    }

    /** A progress bar when standard output is a terminal; silence otherwise. */
    static Progress progress(PrintWriter out) {
        return Terminal.isTerminal() ? new ProgressBar(out) : Progress.NONE;
    }
}
