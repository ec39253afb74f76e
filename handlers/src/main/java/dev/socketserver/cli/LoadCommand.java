package dev.socketserver.cli;

import dev.socketserver.handlers.DownloadException;
import dev.socketserver.handlers.FileClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code load}: many clients ask a file server for one file over and over, for a while, and the
 * latencies' percentiles are printed. One request first, alone: a server that cannot be reached or
 * does not speak the protocol is one line on standard error, not a run full of errors.
 */
@Command(name = "load", sortOptions = false,
        description = {"Load a file server with requests for NAME and print the latency percentiles.",
                "Each request is a whole exchange (get NAME, size, ack, body, MD5 checked); the body is not saved."
                        + " Without --rate, a closed loop: each client sends its next request when the last one is"
                        + " answered. With --rate, an open loop: requests are due at a constant rate and each latency"
                        + " counts from when the request was due, so a stalled server shows in the percentiles.",
                "Prints: requests=N rate=R/s p50=…ms p90=…ms p99=…ms p99.9=…ms max=…ms errors=E."
                        + " Exit status 1 when any request failed.",
                "This client runs on the JVM, beside the server if both are on this machine: it costs CPU the"
                        + " server then lacks. For figures of record use the native client (docs/benchmarks.md)."})
final class LoadCommand implements Callable<Integer> {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Mixin
    ConnectOptions connection = new ConnectOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The file every request asks for, relative to the server's root.")
    String name = "";

    @Option(names = {"-c", "--clients"}, paramLabel = "N", defaultValue = "16",
            description = "Clients at once, each a virtual thread with its own connection (default: ${DEFAULT-VALUE}).")
    int clients = 16;

    @Option(names = {"-r", "--rate"}, paramLabel = "PER_SECOND",
            description = "Requests per second, in total: an open loop at this constant rate (default: a closed loop).")
    @Nullable Double rate;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to send requests (default: ${DEFAULT-VALUE}).")
    double durationSeconds = 10;

    @Option(names = "--connection", paramLabel = "POLICY", defaultValue = "kept",
            converter = ConnectionPolicy.Converter.class, completionCandidates = ConnectionPolicy.Names.class,
            description = "kept: one connection per client for all its requests; new: a connection per request"
                    + " (default: ${DEFAULT-VALUE}).")
    ConnectionPolicy connectionPolicy = ConnectionPolicy.KEPT;

    @Option(names = "--json", description = "Print the summary as one JSON object on one line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        CommandSpec command = Cli.requireSpec(spec);
        LoadPlan plan = plan(command);
        ConnectOptions.Connector connector;
        try {
            connector = connection.connector();
            firstRequest(connector);
        } catch (DownloadException e) {
            return Cli.fail(command, "the first request failed: " + e.getMessage());
        } catch (IOException e) {
            return Cli.fail(command, Cli.reason(e));
        }
        PrintWriter out = command.commandLine().getOut();
        LoadRun run = new LoadRun(plan, connector);
        LoadSummary summary = run.run(Terminal.isTerminal() ? out : null);
        out.println(json ? summary.json(plan) : summary.line());
        out.flush();
        String firstError = run.firstError();
        if (summary.errors() > 0 && firstError != null) {
            return Cli.fail(command, summary.errors() + " requests failed; the first: " + firstError);
        }
        return 0;
    }

    /** @throws ParameterException for an out-of-range option (exit status 2) */
    private LoadPlan plan(CommandSpec command) {
        if (clients < 1) {
            throw new ParameterException(command.commandLine(), "--clients must be at least 1, got " + clients);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new ParameterException(command.commandLine(), "--rate must be a positive number of requests per second, got "
                    + rate);
        }
        if (!(durationSeconds > 0 && durationSeconds <= Long.MAX_VALUE / NANOS_PER_SECOND)) {
            throw new ParameterException(command.commandLine(), "--duration must be a positive number of seconds, got "
                    + durationSeconds);
        }
        return new LoadPlan(name, clients, rate != null ? OptionalDouble.of(rate) : OptionalDouble.empty(),
                Math.round(durationSeconds * NANOS_PER_SECOND), connectionPolicy);
    }

    /** One request before the run: a server that is down or speaks another protocol fails here, once. */
    private void firstRequest(ConnectOptions.Connector connector) throws IOException, DownloadException {
        try (FileClient client = connector.connect()) {
            client.fetch(name);
        }
    }
}
