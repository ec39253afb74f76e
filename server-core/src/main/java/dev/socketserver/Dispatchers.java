package dev.socketserver;

import dev.socketserver.dispatch.Dispatcher;
import dev.socketserver.dispatch.SyncDispatcher;
import dev.socketserver.dispatch.ThreadDispatcher;
import org.tinylog.Logger;

/** Builds the dispatcher for a mode. All request threads are made here, named and logged. */
final class Dispatchers {

    private Dispatchers() {
    }

    /** The dispatcher for {@code server}'s mode; its threads are named after the server's class. */
    static Dispatcher forMode(BaseServer<?> server) {
        String serverName = namedType(server.getClass()).getSimpleName();
        ServerOptions options = server.options();
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
            case FORKED -> ForkedMode.dispatcher(server);
        };
    }


    /** {@code type}, or for an anonymous class its nearest named superclass. */
    static Class<?> namedType(Class<?> type) {
        Class<?> named = type;
        while (named.isAnonymousClass()) {
            named = named.getSuperclass();
        }
        return named;
    }
}
