package dev.socketserver;

import java.util.Set;

/**
 * CPython's {@code ForkingMixIn} bookkeeping, for any server in {@link Mode#FORKED}: reach it
 * through {@link BaseServer#forkedChildren()}.
 *
 * <pre>{@code
 * try (var server = TcpServer.forking(new InetSocketAddress("127.0.0.1", 0), Echo.class)) {
 *     Set<Long> pids = server.forkedChildren().orElseThrow().activeChildren();
 * }
 * }</pre>
 */
public interface ForkedChildren {

    /** {@return CPython's {@code active_children}: the process ids of the children still running} */
    Set<Long> activeChildren();

    /**
     * The warm pool's children ({@link ForkOptions#warmChildren()}): started ahead and waiting for a
     * request, ready or still starting. Not in {@link #activeChildren()}, which are serving one.
     *
     * @return the process ids of the waiting children
     */
    Set<Long> waitingChildren();

    /**
     * CPython's {@code collect_children()}: forgets children that have ended, logging any non-zero
     * exit, without waiting. The serve loop does this itself in {@code serviceActions}.
     *
     * @return how many children are still running
     */
    int collectChildren();
}
