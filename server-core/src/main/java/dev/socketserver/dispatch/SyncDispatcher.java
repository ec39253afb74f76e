package dev.socketserver.dispatch;

import java.time.Duration;
import org.jetbrains.annotations.Nullable;

/** Sync mode: the request runs inline in the thread that serves; nothing is ever in flight after it. */
public final class SyncDispatcher implements Dispatcher {

    @Override
    public void dispatch(PendingRequest request) {
        try {
            request.run();
        } finally {
            request.ended();
        }
    }

    @Override
    public int activeCount() {
        return 0;
    }

    @Override
    public int awaitInFlight(@Nullable Duration grace) {
        return 0;
    }
}
