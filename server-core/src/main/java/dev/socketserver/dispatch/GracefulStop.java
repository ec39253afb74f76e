package dev.socketserver.dispatch;

import dev.socketserver.internal.Durations;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * The one graceful-stop sequence of every dispatcher ({@code serverClose} with
 * {@code blockOnClose}): close what is idle, wait the grace period for the rest, abort what is
 * still running, and wait for it to unwind (with a last resort for what does not).
 */
public final class GracefulStop {

    /** Time given to aborted requests to unwind after a force-close. */
    public static final Duration ABORT_UNWIND = Duration.ofSeconds(5);

    /** The requests in flight, as one dispatcher sees them (never the caller's own). */
    public interface InFlight {

        /** How many are running. */
        int count();

        /** Closes those whose handler waits between requests; the others close when they do. */
        void closeIdle();

        /** Waits until none runs; false when {@code limit} (null: none) passed first. */
        boolean awaitNone(@Nullable Duration limit);

        /** Force-closes every one. */
        void abort();

        /**
         * The last resort for requests that did not unwind from {@link #abort()} (forked mode
         * kills its children); returns whether it did something worth waiting for again.
         */
        default boolean kill() {
            return false;
        }
    }

    private GracefulStop() {
    }

    /**
     * Runs the sequence.
     *
     * @param what how the log names the requests, e.g. {@code request(s)}
     * @param abortAction what the log says {@link InFlight#abort()} does, e.g. {@code closing them}
     * @return how many requests were cut by force
     */
    public static int run(InFlight inFlight, @Nullable Duration grace, String what, String abortAction) {
        inFlight.closeIdle();
        if (inFlight.awaitNone(grace)) {
            return 0;
        }
        int cut = inFlight.count();
        Logger.warn("{} {} still running after the {} grace period; {}", cut, what, Durations.human(grace), abortAction);
        inFlight.abort();
        if (!inFlight.awaitNone(ABORT_UNWIND)) {
            if (inFlight.kill()) {
                inFlight.awaitNone(ABORT_UNWIND);
            } else {
                Logger.warn("{} {} did not end within {} of being closed", inFlight.count(), what, ABORT_UNWIND);
            }
        }
        return cut;
    }
}
