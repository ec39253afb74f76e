package dev.socketserver.child;

import dev.socketserver.internal.RequestPhase;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A forked child's side of a graceful stop: the server sends SIGWINCH when it stops
 * ({@code dev.socketserver.dispatch.StopSignal}), and the child then closes its connection if its
 * handler waits for the client's next request, or as soon as it does, just as a threaded server
 * does with its own connections. A request in the middle of being served goes on; the server
 * gives it the grace period.
 */
final class StopWhenIdle implements SignalHandler { // a class, not a lambda: see ParentWatch.Watch

    private final RequestPhase phase;

    private StopWhenIdle(RequestPhase phase) {
        this.phase = phase;
    }

    /** From now on the server's stop signal closes the connection of {@code phase} when it is idle. */
    static void install(RequestPhase phase) {
        Signal.handle(new Signal("WINCH"), new StopWhenIdle(phase));
    }

    @Override
    public void handle(Signal signal) {
        phase.closeWhenIdle();
    }
}
