package dev.socketserver.cli;

import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the commands share: one-line failure output and option checks. */
final class Cli {

    /** Exit status of a failed run (a usage error is picocli's 2). */
    static final int FAILED = 1;

    private Cli() {
    }

    /** Prints {@code socketserver CMD: message} as one line on standard error; returns {@link #FAILED}. */
    static int fail(CommandSpec spec, String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + oneLine(message));
        spec.commandLine().getErr().flush();
        return FAILED;
    }

    /** An exception's message, or its type when it has none. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    /** The spec picocli injected into a {@code @Spec} field. */
    static CommandSpec requireSpec(@Nullable CommandSpec spec) {
        if (spec == null) {
            throw new IllegalStateException("picocli did not inject the command spec");
        }
        return spec;
    }

    static void checkPort(CommandSpec spec, int port) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
    }
}
