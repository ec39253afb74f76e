package dev.socketserver.dispatch;

import dev.socketserver.ServerOptions;
import org.tinylog.Logger;

/** Builds the dispatcher for a mode. All request threads are made here, named and logged. */
public final class Dispatchers {

    private Dispatchers() {
    }

    /**
     * The dispatcher for {@code options.mode()}.
     *
     * @param serverName a short name for thread names, e.g. {@code tcp-9999}
     */
    public static Dispatcher forMode(ServerOptions options, String serverName) {
        Thread.UncaughtExceptionHandler uncaught = (thread, error) ->
                Logger.error(error, "request thread {} ended with an uncaught error", thread.getName());
        return switch (options.mode()) {
            case SYNC -> new SyncDispatcher();
            case THREADED -> new ThreadDispatcher(
                    Thread.ofPlatform()
                            .name("socketserver-" + serverName + "-request-", 0)
                            .daemon(options.daemonThreads())
                            .uncaughtExceptionHandler(uncaught),
                    options.blockOnClose() && !options.daemonThreads());
            case VIRTUAL -> new ThreadDispatcher(
                    Thread.ofVirtual()
                            .name("socketserver-" + serverName + "-virtual-", 0)
                            .uncaughtExceptionHandler(uncaught),
                    options.blockOnClose() && !options.daemonThreads());
            case FORKED -> new ForkedDispatcher(options.fork(), options.blockOnClose());
        };
    }

}
