package dev.socketserver.fork;

import dev.socketserver.dispatch.PendingRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A forked child's side of a graceful stop: the server sends SIGWINCH when it stops
 * ({@link StopSignal}), and the child then closes its connection if its handler waits for the
 * client's next request, or as soon as it does, just as a threaded server does with its own
 * connections. A request in the middle of being served goes on; the server gives it the grace
 * period.
 */
final class StopWhenIdle implements SignalHandler { // a class, not a lambda: see ParentWatch.Watch

    private final PendingRequest request;

    private StopWhenIdle(PendingRequest request) {
        this.request = request;
    }

    /** From now on the server's stop signal closes {@code request}'s connection when it is idle. */
    static void install(PendingRequest request) {
        Signal.handle(new Signal("WINCH"), new StopWhenIdle(request));
    }

    @Override
    public void handle(Signal signal) {
        request.closeWhenIdle();
    }
}
