package dev.socketserver.cli;

import java.io.InputStream;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The executable jar's entry point: {@code java -jar socketserver.jar serve|get|load|shell ...}.
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
        description = "A port of Python's socketserver to Java: a file-download server and client (the protocol of the Python tutorial the project started from), and an echo server.",
        subcommands = {ServeCommand.class, GetCommand.class, LoadCommand.class, ShellCommand.class},
        versionProvider = Main.Version.class,
        footer = "Exit status: 0 on success, 1 when the work failed, 2 for a bad command line.")
public final class Main implements Runnable {

    private static final String COMMANDS = "serve, get, load or shell";

    /** Exit status for a bad command line (picocli's usage error). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /** The version from the jar's manifest ({@code Implementation-Version}); classes outside a jar have none. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"socketserver " + (version != null ? version : "(development build, not from the jar)")
                    + ", Java " + Runtime.version()};
        }
    }

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
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + Cli.oneLine(usageMessage(e))
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

    /** picocli's message, except for a word where a command should be: that is an unknown command. */
    private static String usageMessage(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null) {
            List<String> words = unmatched.getUnmatched();
            if (!words.isEmpty() && !words.getFirst().startsWith("-")) {
                return "unknown command '" + words.getFirst() + "': " + COMMANDS;
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(Cli.requireSpec(spec).commandLine(), "missing command: " + COMMANDS);
    }
}
