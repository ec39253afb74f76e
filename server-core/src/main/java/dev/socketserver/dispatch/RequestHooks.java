package dev.socketserver.dispatch;

import dev.socketserver.internal.ServerObserver;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.jetbrains.annotations.Nullable;

/**
 * The server's request hooks as a {@link RequestTask} calls them: {@code BaseServer}'s
 * overridable methods in the serving JVM, the child's stand-ins in a forked child.
 *
 * @param <R> the request type
 */
public interface RequestHooks<R> {

    /** Builds a handler for the request and runs it. */
    void finishRequest(R request, SocketAddress client) throws Exception;

    /** The request failed with an exception (not by its idle close). */
    void handleError(R request, SocketAddress client, Exception error);

    /** Ends the request after it was served. */
    void shutdownRequest(R request);

    /** Releases the request's resources (the parent's copy, once a child has its own). */
    void closeRequest(R request);

    /** Closes a request's connection under a running handler, so that its blocking I/O fails. */
    void abortRequest(R request);

    /** How the request crosses to a child process. */
    ChildHandOff handOff(R request, SocketAddress client) throws IOException;

    /** How long a request may make no progress before it is aborted; null: no limit for these requests. */
    @Nullable Duration idleTimeout();

    /** The server's JFR events and MBean counters; null where nothing observes (a forked child). */
    @Nullable ServerObserver observer();

    /** What the log lines about a request start with (the server's name and a colon, or nothing). */
    String logPrefix();
}
