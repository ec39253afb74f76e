package dev.socketserver.bench;

import java.net.SocketAddress;

/** A file-download server under test, serving one root until closed. */
public interface BenchServer extends AutoCloseable {

    /** The listen backlog of every server: deep enough that 256 clients connecting at once are never dropped and retried. */
    int BACKLOG = 4096;

    /** Where clients connect. */
    SocketAddress address();

    /** Stops accepting and closes the server's sockets. */
    @Override
    void close();
}
