package dev.socketserver.dispatch;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * One accepted request, as a dispatcher sees it: a {@link RequestTask}. The server creates it;
 * the dispatcher decides where {@link #run()} happens, or hands the request to a child process.
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
     * ({@code StreamRequestHandler.awaitingRequest()}), or as soon as it does.
     */
    void closeWhenIdle();

    /**
     * Tells the server the request is over and no longer counted by the dispatcher's
     * {@code activeCount()}: after {@link #run()} has returned, or once the process serving it has
     * exited. It frees the request's place under {@code Limits.maxConnections}, so a dispatcher
     * calls it once for every request it was given (further calls are ignored).
     */
    void ended();

    /**
     * Forked mode: a child process took the request over. The server counts it (its
     * {@code ServerMXBean} and {@code dev.socketserver.Request} event) from now until
     * {@link #servedInChild}.
     */
    void handedToChild();

    /**
     * Forked mode: the child is done with the request; the server counts it as served or failed.
     * Only the first call after {@link #handedToChild()} counts.
     *
     * @param failed whether the child reported a failure (a non-zero exit status)
     */
    void servedInChild(boolean failed);

    /**
     * How the request crosses to a child process (forked mode; the parent never calls
     * {@link #run()} then), as the server's transport says.
     *
     * @throws UnsupportedOperationException when the transport cannot hand its requests over
     */
    ChildHandOff handOff() throws IOException;

    /**
     * Closes the server's copy of the request once a child has its own (CPython's
     * {@code close_request} in the parent). Never a shutdown: that would end the child's
     * connection too.
     */
    void closeParentCopy();
}
