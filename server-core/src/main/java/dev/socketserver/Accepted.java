package dev.socketserver;

import java.net.SocketAddress;

/**
 * What {@link BaseServer#getRequest()} returns: the request and the client's address
 * (CPython's {@code (request, client_address)} pair).
 *
 * @param <R> the request's type: a {@code SocketChannel} or a {@link DatagramRequest}
 * @param request the accepted connection or the received datagram
 * @param clientAddress the client's address
 */
public record Accepted<R>(R request, SocketAddress clientAddress) {
}
