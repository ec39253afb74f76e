package dev.socketserver.dispatch;

import java.time.Duration;
import org.jetbrains.annotations.Nullable;

/**
 * The concurrency seam at {@code processRequest}: where and how a request runs. One instance
 * per server; implementations keep only what is in flight, never a history.
 */
public interface Dispatcher {

    /** Starts (or, in sync mode, runs) the request. */
    void dispatch(PendingRequest request);

    /** How many requests are in flight now. */
    int activeCount();

    /** Periodic housekeeping from the serve loop ({@code serviceActions}); nothing by default. */
    default void serviceActions() {
    }

    /** The serve loop is starting (forked mode starts its waiting children, once). Nothing by default. */
    default void serving() {
    }

    /** The server socket was closed: no request will come any more. Nothing by default. */
    default void serverClosed() {
    }

    /**
     * Waits for the requests in flight, as {@code serverClose()} does with {@code blockOnClose};
     * after {@code grace} (null: no limit) force-closes those still running.
     *
     * @return how many requests were cut by force
     */
    int awaitInFlight(@Nullable Duration grace);
}
