package dev.socketserver.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Builds handler instances from a handler class, one per request. The class is checked once, up
 * front, so that a handler which cannot be built fails at server construction with a clear
 * message, not on the first request.
 */
public final class HandlerFactory<H> {

    private final Constructor<? extends H> constructor;

    private HandlerFactory(Constructor<? extends H> constructor) {
        this.constructor = constructor;
    }

    /**
     * @throws IllegalArgumentException when the class is abstract, not public, has no public no-argument
     *     constructor (inner classes and lambdas cannot be handlers: a forked child must build them),
     *     or its package is not exported to this library (on the module path)
     */
    public static <H> HandlerFactory<H> of(Class<? extends H> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("handler class " + type.getName() + " is abstract");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            // Its public constructor would pass the check below, then fail on every request.
            throw new IllegalArgumentException("handler class " + type.getName()
                    + " is not public; make it a public top-level or public static nested class");
        }
        Constructor<? extends H> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("handler class " + type.getName()
                    + " needs a public no-argument constructor (make it a public top-level or public static nested class)", e);
        }
        if (!constructor.canAccess(null)) {
            throw new IllegalArgumentException(notExported(type));
        }
        return new HandlerFactory<>(constructor);
    }

    /** On the module path a public constructor is reachable only from a module its package is exported to. */
    private static String notExported(Class<?> type) {
        Module library = HandlerFactory.class.getModule();
        String to = library.isNamed() ? " to " + library.getName() : "";
        return "handler class " + type.getName() + " cannot be built by " + library
                + ": its " + type.getModule() + " does not export package " + type.getPackageName() + " to it;"
                + " add 'exports " + type.getPackageName() + to + ";' (or 'opens " + type.getPackageName() + to
                + ";') to its module-info.java";
    }

    /** A fresh handler. */
    public H newHandler() throws ReflectiveOperationException {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The handler class. */
    public Class<? extends H> type() {
        return constructor.getDeclaringClass();
    }
}
