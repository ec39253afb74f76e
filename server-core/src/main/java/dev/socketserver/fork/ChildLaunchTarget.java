package dev.socketserver.fork;

import dev.socketserver.ForkOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a child JVM finds this library and the handler, and how it names its main class: the
 * parent's module path when this library runs as a named module ({@code -m
 * dev.socketserver.core/...}), else the class path ({@code -cp ... ChildMain}). Checked when a
 * forked server is built, not when its first request arrives.
 *
 * @param jvmOptions what goes after the JVM options and before the child's arguments
 * @param modular whether the child runs on the module path
 */
record ChildLaunchTarget(List<String> jvmOptions, boolean modular) {

    private static final String JUNIXSOCKET = "org.newsclub.net.unix";

    ChildLaunchTarget {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The target for this JVM: a named library module gets the parent's module path (empty in a
     * jlink image, whose modules the child's {@code java} already has), every module on it (the
     * handler's among them), and the class path too when one is set.
     *
     * @throws IllegalStateException when neither a module nor a class path can hold the handler
     */
    static ChildLaunchTarget of(ForkOptions options) {
        return of(options, ChildMain.class.getModule(), System.getProperty("jdk.module.path", ""));
    }

    static ChildLaunchTarget of(ForkOptions options, Module library, String modulePath) {
        List<String> command = new ArrayList<>();
        if (!library.isNamed()) {
            if (options.classPath().isBlank()) {
                throw new IllegalStateException("forked mode: the children need a class path holding the handler and"
                        + " this library, and this JVM has none (java.class.path is empty): set it with"
                        + " ForkOptions.Builder.classPath, or run this library on the module path");
            }
            command.addAll(List.of("-cp", options.classPath(), ChildMain.class.getName()));
            return new ChildLaunchTarget(command, false);
        }
        if (!modulePath.isBlank()) {
            command.addAll(List.of("--module-path", modulePath));
        }
        if (!options.classPath().isBlank()) {
            command.addAll(List.of("-cp", options.classPath()));
        }
        // The handler's module is a root only in the parent's layer; the child resolves them all.
        command.addAll(List.of("--add-modules", "ALL-MODULE-PATH"));
        if (library.getLayer() != null && library.getLayer().findModule(JUNIXSOCKET).isPresent()) {
            command.add("--enable-native-access=" + JUNIXSOCKET); // it loads its JNI library from its own module
        }
        command.addAll(List.of("-m", library.getName() + "/" + ChildMain.class.getName()));
        return new ChildLaunchTarget(command, true);
    }

}
