package dev.socketserver.dispatch;

import java.net.SocketAddress;

/**
 * One accepted request, as a dispatcher sees it. The server creates it; the dispatcher decides
 * where {@link #run()} happens.
 */
public interface PendingRequest {

    /** The client's address, for logs. */
    SocketAddress clientAddress();

    /**
     * Serves the request in the calling thread: CPython's {@code process_request_thread}, i.e.
     * {@code finishRequest}, {@code handleError} on an exception, and always {@code shutdownRequest}.
     * An {@link Error} propagates after the request is shut down.
     */
    void run();

    /**
     * Closes the connection under a running handler (force-close after the grace period). Its
     * blocking I/O fails, and {@link #run()} then ends on its own.
     */
    void abort();

    /**
     * A graceful stop has begun: close the connection now if its handler waits between requests
     * ({@code StreamRequestHandler.awaitingRequest()}), or as soon as it does. Nothing by default.
     */
    default void closeWhenIdle() {
    }

    /**
     * Tells the server the request is over and no longer counted by the dispatcher's
     * {@code activeCount()}: after {@link #run()} has returned, or once the process serving it has
     * exited. It frees the request's place under {@code Limits.maxConnections}, so a dispatcher
     * calls it once for every request it was given (further calls are ignored).
     */
    default void ended() {
    }
}
