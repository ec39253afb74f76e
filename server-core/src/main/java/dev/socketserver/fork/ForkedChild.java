package dev.socketserver.fork;

import java.net.SocketAddress;

/** A running child and the client it serves (for the log line when it exits). */
record ForkedChild(Process process, SocketAddress client) {

    long pid() {
        return process.pid();
    }
}
