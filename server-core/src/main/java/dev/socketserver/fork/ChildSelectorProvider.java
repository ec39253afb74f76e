package dev.socketserver.fork;

import java.net.URLClassLoader;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * Names the JDK's own selector provider to the children ({@value #PROPERTY}) when nothing on their
 * class path offers another: the provider they would end up with anyway, without the search.
 * Without the property, a JVM's first channel looks for a provider service on the class path
 * ({@code META-INF/services/java.nio.channels.spi.SelectorProvider}), which opens every jar on it:
 * in a pooled child, with its classes from the AOT cache, the only other reason to open the jar is
 * {@code System.exit}'s logging, which a child that ends well now skips ({@link ChildExit}); the two cost some 8-10 ms of a child's CPU
 * (docs/forked.md). A class path that does offer a provider, or an option of the user's naming one
 * (it comes later, and wins), keeps the JDK's search.
 */
final class ChildSelectorProvider {

    /** The JDK's property naming the system-wide selector provider class. */
    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private static final String SERVICE = "META-INF/services/" + SelectorProvider.class.getName();

    private ChildSelectorProvider() {
    }

    /**
     * The option for children whose class path {@code children} reads (its own URLs only), or none
     * when their class path offers a provider.
     */
    static List<String> jvmOptions(URLClassLoader children) {
        String provider = jdkDefault();
        if (provider == null) {
            return List.of();
        }
        if (children.findResource(SERVICE) != null) {
            Logger.debug("the children's class path offers a selector provider ({}); they search for it", SERVICE);
            return List.of();
        }
        return List.of("-D" + PROPERTY + "=" + provider);
    }

    /**
     * The class of the JDK's default provider, as this JVM found it: the provider in use when this
     * server was given no property and the class is the JDK's own (one from a service is not in
     * {@code java.base}); null otherwise, or when the class has no public no-argument constructor,
     * which {@link SelectorProvider#provider()} needs to make it from the property.
     */
    static @Nullable String jdkDefault() {
        Class<?> type = SelectorProvider.provider().getClass();
        if (System.getProperty(PROPERTY) != null || type.getModule() != Object.class.getModule()) {
            return null;
        }
        try {
            type.getConstructor();
            return type.getName();
        } catch (NoSuchMethodException e) {
            Logger.debug("the JDK's selector provider {} has no public constructor; children search for one", type.getName());
            return null;
        }
    }
}
