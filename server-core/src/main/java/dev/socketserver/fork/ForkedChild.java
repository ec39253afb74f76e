package dev.socketserver.fork;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A child serving a request, the client it serves (for the log line when it fails), and the
 * request's end: the child's exit status, or {@link ChildMain#OK} when a pooled child with requests
 * left says it is ready again.
 */
record ForkedChild(Process process, SocketAddress client, CompletableFuture<Integer> ended) {

    long pid() {
        return process.pid();
    }
}
