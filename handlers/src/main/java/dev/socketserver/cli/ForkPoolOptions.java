package dev.socketserver.cli;

import dev.socketserver.ForkOptions;
import org.jetbrains.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The forked-mode flags of {@code serve} (mixed in): the warm pool's size and the requests a
 * pooled child serves. Values are checked by {@link ForkOptions}, each flag on its own, so that a
 * bad value's message names its flag.
 */
final class ForkPoolOptions {

    @Option(names = "--fork-pool", paramLabel = "N",
            description = "Forked mode: child JVMs started ahead that wait for a request; 0 starts a child for each"
                    + " request (default: " + ForkOptions.DEFAULT_WARM_CHILDREN + ").")
    @Nullable Integer forkPool;

    @Option(names = "--requests-per-child", paramLabel = "N",
            description = "Forked mode: requests a pooled child serves one after another before it exits; above 1"
                    + " trades each request's own JVM for fewer JVM starts (default: "
                    + ForkOptions.DEFAULT_REQUESTS_PER_CHILD + "; needs --fork-pool above 0).")
    int requestsPerChild = ForkOptions.DEFAULT_REQUESTS_PER_CHILD;

    /** {@return the fork options these flags give}; a bad value is a usage error naming its flag */
    ForkOptions forkOptions(CommandSpec command) {
        ForkOptions pool;
        try {
            pool = forkPool == null ? ForkOptions.defaults() : ForkOptions.builder().warmChildren(forkPool).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--fork-pool " + forkPool + ": " + Cli.reason(e));
        }
        try {
            return pool.toBuilder().requestsPerChild(requestsPerChild).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--requests-per-child " + requestsPerChild + ": "
                    + Cli.reason(e));
        }
    }
}
