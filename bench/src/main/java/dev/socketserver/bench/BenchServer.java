package dev.socketserver.bench;

import java.net.SocketAddress;

/** A file-download server under test, serving one root until closed. */
public interface BenchServer extends AutoCloseable {

    /** Where clients connect. */
    SocketAddress address();

    /** Stops accepting and closes the server's sockets. */
    @Override
    void close();
}
