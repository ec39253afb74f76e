package dev.socketserver;

import java.net.SocketAddress;

/**
 * What {@link BaseServer#getRequest()} returns: the request and the client's address
 * (CPython's {@code (request, client_address)} pair).
 */
public record Accepted<R>(R request, SocketAddress clientAddress) {
}
