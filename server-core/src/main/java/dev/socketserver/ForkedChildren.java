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
     * CPython's {@code collect_children()}: forgets children that have ended, logging any non-zero
     * exit, without waiting. The serve loop does this itself in {@code serviceActions}.
     *
     * @return how many children are still running
     */
    int collectChildren();
}
