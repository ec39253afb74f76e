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
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code shell}: the seed's interactive client on one connection: a {@code >>:} prompt, then
 * {@code get NAME} lines; end of input quits. Files are saved under NAME's last part in the
 * current directory or {@code --directory} (the seed's client wrote wherever NAME pointed),
 * verified like {@code get}. Exit status 1 when any download failed, as {@code get}.
 */
@Command(name = "shell", sortOptions = false,
        description = {"The interactive file-download client: type 'get NAME' at the '>>:' prompt; 'help' lists the commands,"
                + " 'quit' or end of input (Ctrl-D) quits.",
                "Each file is saved under the last part of NAME (in --directory), after its MD5 is checked.",
                "Exit status 1 when any download failed."})
final class ShellCommand extends ClientCommand {

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where to save files (default: the current directory).")
    Path directory = Path.of(".");

    private static final String QUIT = "quit";
    private static final String HELP = "help";
    private static final String HELP_TEXT = """
            get NAME   download NAME from the server (saved under its last part, after the MD5 check)
            help       this list
            quit       leave (so does end of input, Ctrl-D)""";

    private final InputStream input;

    /** @param input where commands are read from (standard input in the jar) */
    ShellCommand(InputStream input) {
        this.input = input;
    }

    /** Whether a download failed: the exit status is then 1, as for {@code get}. */
    private boolean failed;

    @Override
    public Integer call() {
        CommandSpec command = spec();
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(command.commandLine(), "--directory " + directory + ": "
                    + (Files.exists(directory) ? "not a directory" : "no such directory"));
        }
        PrintWriter out = command.commandLine().getOut();
        BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try (StopCleanup cleanup = StopCleanup.install(command); FileClient client = connection.connect()) {
            while (true) {
                out.print(">>:");
                out.flush();
                String line = lines.readLine();
                if (line != null && line.strip().equals(QUIT)) {
                    return failed ? Cli.FAILED : 0;
                }
                if (line == null) {
                    out.println();
                    out.flush();
                    return failed ? Cli.FAILED : 0;
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
        if (words[0].equals(HELP)) {
            out.println(HELP_TEXT);
            return true;
        }
        if (!words[0].equals(FileProtocol.GET)) {
            out.flush(); // the prompt first, then the error, in a terminal
            Cli.fail(command, "unknown command '" + words[0] + "'; type: get NAME, help or quit");
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
            failed = true;
            out.flush();
            Cli.fail(command, e.getMessage());
            return e.connectionUsable();
        } finally {
            out.flush();
        }
    }
}
