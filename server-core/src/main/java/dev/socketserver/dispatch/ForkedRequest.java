package dev.socketserver.dispatch;

import java.io.IOException;

/**
 * A {@link PendingRequest} that a child process can take over: what {@link ForkedDispatcher}
 * needs from the server. The child runs the request; the parent never calls {@link #run()}.
 */
public interface ForkedRequest extends PendingRequest {

    /** What the child needs: the socket for its standard input and its command line. */
    ForkedLaunch launch() throws IOException;

    /**
     * Closes the server's copy of the request once the child has its own (CPython's
     * {@code close_request} in the parent). Never a shutdown: that would end the child's
     * connection too.
     */
    void closeParentCopy();
}
