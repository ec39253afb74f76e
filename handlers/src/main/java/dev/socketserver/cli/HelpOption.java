package dev.socketserver.cli;

import picocli.CommandLine.Option;

/** The {@code -h/--help} option every command has (mixed in). */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
