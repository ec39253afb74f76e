package dev.socketserver.cli;

import dev.socketserver.handlers.Download;
import dev.socketserver.handlers.DownloadException;
import dev.socketserver.handlers.FileClient;
import dev.socketserver.handlers.FileProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code shell}: the seed's interactive client on one connection: a {@code >>:} prompt, then
 * {@code get NAME} lines; end of input quits. Files are saved under NAME's last part in the
 * current directory or {@code --directory} (the seed's client wrote wherever NAME pointed),
 * verified like {@code get}.
 */
@Command(name = "shell", sortOptions = false,
        description = {"The seed's interactive client: type 'get NAME' at the '>>:' prompt; end of input (Ctrl-D) quits.",
                "Each file is saved under the last part of NAME (in --directory), after its MD5 is checked."})
final class ShellCommand extends ClientCommand {

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where to save files (default: the current directory).")
    Path directory = Path.of(".");

    private final InputStream input;

    /** @param input where commands are read from (standard input in the jar) */
    ShellCommand(InputStream input) {
        this.input = input;
    }

    @Override
    public Integer call() {
        CommandSpec command = spec();
        PrintWriter out = command.commandLine().getOut();
        BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try (FileClient client = connection.connect()) {
            while (true) {
                out.print(">>:");
                out.flush();
                String line = lines.readLine();
                if (line == null) {
                    out.println();
                    out.flush();
                    return 0;
                }
                if (!runLine(command, client, line.strip())) {
                    return Cli.FAILED;
                }
            }
        } catch (IOException e) {
            return Cli.fail(command, Cli.reason(e));
        }
    }

    /** Runs one typed line; false when the connection can no longer be used. */
    private boolean runLine(CommandSpec command, FileClient client, String line) throws IOException {
        if (line.isEmpty()) {
            return true;
        }
        PrintWriter out = command.commandLine().getOut();
        String[] words = line.split("\\s+", 2);
        if (!words[0].equals(FileProtocol.GET)) {
            out.println("unknown command '" + words[0] + "'; type: get NAME");
            return true;
        }
        String name = words.length > 1 ? words[1] : "";
        try {
            Download download = client.get(name, directory.resolve(FileClient.localName(name)).normalize(), force,
                    progress(out));
            out.println("md5 client and server " + download.md5() + " " + download.md5() + " (saved " + download.file()
                    + ", " + download.size() + " bytes)");
            return true;
        } catch (DownloadException e) {
            Cli.fail(command, e.getMessage());
            return e.connectionUsable();
        } finally {
            out.flush();
        }
    }
}
