package dev.socketserver.cli;

import java.io.InputStream;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The executable jar's entry point: {@code java -jar socketserver.jar serve|get|shell ...}.
 *
 * <pre>{@code
 * java -jar handlers/target/socketserver.jar serve --mode threaded --port 0
 * java -jar handlers/target/socketserver.jar get hello.txt
 * }</pre>
 *
 * <p>Exit status: 0 on success, 1 when the work failed (a refused download, a port in use), 2
 * for a bad command line; every failure is one line on standard error.
 */
@Command(name = "socketserver", sortOptions = false,
        description = "A port of Python's socketserver to Java: the seed's file server and client, and an echo server.",
        subcommands = {ServeCommand.class, GetCommand.class, ShellCommand.class},
        footer = "Exit status: 0 on success, 1 when the work failed, 2 for a bad command line.")
public final class Main implements Runnable {

    /** Exit status for a bad command line (picocli's usage error). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    public static void main(String[] args) {
        System.exit(run(System.in, args));
    }

    /** Runs one command line and returns its exit status; output goes to {@link System#out}/{@link System#err}. */
    public static int run(InputStream stdin, String... args) {
        return commandLine(stdin).execute(args);
    }

    /** The command line, ready to execute; tests set its out/err writers. */
    public static CommandLine commandLine(InputStream stdin) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ShellCommand.class ? type.cast(new ShellCommand(stdin)) : defaults.create(type);
            }
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + Cli.oneLine(e.getMessage())
                    + " (see --help)");
            failed.getErr().flush();
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            Logger.error(e, "unexpected failure");
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": internal error: " + Cli.oneLine(e.toString()));
            failed.getErr().flush();
            return Cli.FAILED;
        });
        return commandLine;
    }

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(Cli.requireSpec(spec).commandLine(), "missing command: serve, get or shell");
    }
}
