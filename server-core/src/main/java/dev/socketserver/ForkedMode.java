package dev.socketserver;

import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.dispatch.Dispatcher;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;
import org.jetbrains.annotations.Nullable;

/**
 * Reaches forked mode, which lives in {@code dev.socketserver.fork} and builds on this package
 * (its child builds handlers and stands in for the server): the core loads its dispatcher by
 * name, so the two packages depend one way only, and knows it only as a {@link Dispatcher}.
 */
final class ForkedMode {

    private static final String DISPATCHER = "dev.socketserver.fork.ForkedDispatcher";

    private ForkedMode() {
    }

    /**
     * {@code ForkedDispatcher.of(server, server::childTransport)}: the transport says what its
     * children are given, as its {@code handOff} says it for each request.
     *
     * @throws IllegalStateException what the dispatcher throws when this JVM cannot fork
     */
    static Dispatcher dispatcher(BaseServer<?> server) {
        try {
            Supplier<@Nullable ChildTransport> childTransport = server::childTransport;
            return (Dispatcher) Class.forName(DISPATCHER).getMethod("of", BaseServer.class, Supplier.class)
                    .invoke(null, server, childTransport);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot start forked mode", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("forked mode is missing from this build (" + DISPATCHER + ")", e);
        }
    }
}
