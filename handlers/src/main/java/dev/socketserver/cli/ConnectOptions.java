package dev.socketserver.cli;

import dev.socketserver.handlers.FileClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where a client connects: {@code --host H --port P}, or {@code --path SOCKET} (mixed in). */
final class ConnectOptions {

    @Spec(Spec.Target.MIXEE)
    @Nullable CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server host name or address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9999",
            description = "Server TCP port (default: ${DEFAULT-VALUE}).")
    int port = 9999;

    @Option(names = "--path", paramLabel = "SOCKET",
            description = "Connect to this Unix socket instead of --host/--port.")
    @Nullable Path path;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up when connecting, or any one read, takes longer: a limit per read, not for the whole"
                    + " download (get --deadline is that) (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    /**
     * Connects.
     *
     * @throws ParameterException for contradicting or out-of-range options (exit status 2)
     * @throws IOException naming the address when the connection fails
     */
    FileClient connect() throws IOException {
        return connector().connect();
    }

    /** Opens connections to one address; a failure names the address. */
    @FunctionalInterface
    interface Connector {
        FileClient connect() throws IOException;
    }

    /**
     * Checks the options and resolves the address once, for a client that connects many times ({@code load}).
     *
     * @throws ParameterException for contradicting or out-of-range options (exit status 2)
     * @throws IOException when the host name does not resolve
     */
    Connector connector() throws IOException {
        SocketAddress address = address();
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            throw new IOException("cannot connect to " + host + ": unknown host");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        return () -> {
            try {
                return FileClient.connect(address, timeout);
            } catch (IOException e) {
                throw new IOException("cannot connect to " + Addresses.show(address) + ": " + Cli.reason(e), e);
            }
        };
    }

    private SocketAddress address() {
        CommandSpec command = Cli.requireSpec(spec);
        var parsed = command.commandLine().getParseResult();
        if (path != null) {
            if (parsed.hasMatchedOption("--host") || parsed.hasMatchedOption("--port")) {
                throw new ParameterException(command.commandLine(), "give either --path or --host/--port, not both");
            }
            return UnixDomainSocketAddress.of(path);
        }
        Cli.checkPort(command, port);
        if (timeoutSeconds < 1) {
            throw new ParameterException(command.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        return new InetSocketAddress(host, port);
    }
}
