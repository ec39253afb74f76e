package dev.socketserver.dispatch;

import dev.socketserver.internal.ConnectionPermits.Permit;
import dev.socketserver.internal.Durations;
import dev.socketserver.internal.IdleGuard;
import dev.socketserver.internal.RequestPhase;
import dev.socketserver.internal.PrintableText;
import dev.socketserver.observe.RequestEvent;
import dev.socketserver.internal.RequestMeter;
import dev.socketserver.internal.ServerObserver;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * One request's life, the same in every mode and in a forked child: its connection permit, its
 * idle guard, its phase (idle between commands or busy), then CPython's
 * {@code process_request_thread}: {@code finishRequest}, {@code handleError} on an exception, and
 * always {@code shutdownRequest}.
 *
 * <p>The task owns its permit from construction on and releases it in {@link #ended()}, which the
 * dispatcher calls once the request is over (or the server calls when no dispatcher took it).
 *
 * @param <R> the request type
 */
public final class RequestTask<R> implements PendingRequest {

    private final RequestHooks<R> server;
    private final R request;
    private final SocketAddress client;
    private final Permit permit;
    private final RequestPhase phase;
    private final RequestMeter meter = new RequestMeter();
    private final AtomicReference<@Nullable RequestEvent> childEvent = new AtomicReference<>(); // forked: begun at the hand-off

    /** @param permit the request's place under the connection limit; this task releases it */
    public RequestTask(RequestHooks<R> server, R request, SocketAddress client, Permit permit) {
        this.server = server;
        this.request = request;
        this.client = client;
        this.permit = permit;
        this.phase = new RequestPhase(() -> server.abortRequest(request));
    }

    @Override
    public SocketAddress clientAddress() {
        return client;
    }

    @Override
    public void run() {
        IdleGuard guard = startIdleGuard();
        ServerObserver observer = server.observer();
        RequestEvent event = observer == null ? null : observer.begin();
        boolean failed = false;
        try {
            RequestPhase.callWith(phase, () -> IdleGuard.callWith(guard, () -> RequestMeter.callWith(meter, () -> {
                server.finishRequest(request, client);
                return null;
            })));
        } catch (Exception e) {
            failed = true;
            if (guard != null && guard.fired()) {
                Logger.debug(e, "request from {} ended by its idle close", PrintableText.of(client)); // logged when closed
            } else {
                server.handleError(request, client, e);
            }
        } finally {
            if (guard != null) {
                guard.stop();
            }
            server.shutdownRequest(request);
            if (observer != null && event != null) {
                observer.end(event, meter, client, failed);
            }
        }
    }

    private @Nullable IdleGuard startIdleGuard() {
        Duration idleTimeout = server.idleTimeout();
        if (idleTimeout == null) {
            return null;
        }
        return IdleGuard.start(idleTimeout, () -> {
            Logger.info("{}closing the connection from {}: idle for {}",
                    server.logPrefix(), PrintableText.of(client), Durations.human(idleTimeout));
            cut("idle");
            server.abortRequest(request);
        });
    }

    @Override
    public void abort() {
        cut("close grace");
        server.abortRequest(request);
    }

    private void cut(String reason) {
        ServerObserver observer = server.observer();
        if (observer != null) {
            observer.cut(meter, client, reason);
        }
    }

    @Override
    public void closeWhenIdle() {
        phase.closeWhenIdle();
    }

    /**
     * Hands the task to {@code dispatcher}. One that cannot start it (it throws) leaves the task
     * ended, its permit released and the request counted as failed, and the exception goes on to
     * the server.
     */
    public void dispatchTo(Dispatcher dispatcher) {
        try {
            dispatcher.dispatch(this);
        } catch (RuntimeException | Error e) {
            ended(); // it never ran
            countNeverRun();
            throw e;
        }
    }

    /** A request no dispatcher could start (no thread, no child) failed, for the MBean and the events too. */
    private void countNeverRun() {
        ServerObserver observer = server.observer();
        if (observer != null) {
            RequestEvent event = childEvent.getAndSet(null); // begun if a child was handed it before the failure
            observer.end(event != null ? event : observer.begin(), meter, client, true);
        }
    }

    /** Releases the permit; idempotent. */
    @Override
    public void ended() {
        permit.release();
    }

    @Override
    public void handedToChild() {
        ServerObserver observer = server.observer();
        if (observer != null) {
            childEvent.set(observer.begin());
        }
    }

    /** Bytes are not counted: they moved in the child. */
    @Override
    public void servedInChild(boolean failed) {
        ServerObserver observer = server.observer();
        RequestEvent event = childEvent.getAndSet(null);
        if (observer != null && event != null) {
            observer.end(event, meter, client, failed);
        }
    }

    @Override
    public ChildHandOff handOff() throws IOException {
        return server.handOff(request, client);
    }

    @Override
    public void closeParentCopy() {
        server.closeRequest(request);
    }
}
