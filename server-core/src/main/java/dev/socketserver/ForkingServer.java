package dev.socketserver;

import dev.socketserver.dispatch.ForkedDispatcher;
import java.util.Set;

/**
 * CPython's {@code ForkingMixIn} methods, on the {@code Forking*Server} types. Any server in
 * {@link Mode#FORKED} behaves the same; these types only add the names.
 */
public interface ForkingServer {

    /** {@return the dispatcher that starts and tracks this server's children} */
    ForkedDispatcher forkedDispatcher();

    /** {@return CPython's {@code active_children}: process ids of the children still running} */
    default Set<Long> activeChildren() {
        return forkedDispatcher().activeChildren();
    }

    /**
     * CPython's {@code collect_children()}: forgets children that have ended, logging any non-zero
     * exit, without waiting. The serve loop does this itself in {@code serviceActions}.
     *
     * @return how many children are still running
     */
    default int collectChildren() {
        return forkedDispatcher().collectChildren();
    }
}
