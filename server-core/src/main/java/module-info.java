/**
 * socketserver for Java: Python's {@code socketserver} on TCP, UDP and Unix sockets, in four
 * modes (sync, threaded, virtual, forked). The public API is {@code dev.socketserver} (and the
 * JFR events and MXBean interface of {@code dev.socketserver.observe}). The serve loop's plumbing
 * ({@code dev.socketserver.internal}), the dispatch seam ({@code dev.socketserver.dispatch}) and
 * forked mode ({@code dev.socketserver.fork}, whose child JVM is started as
 * {@code -m dev.socketserver.core/dev.socketserver.fork.ChildMain} on the module path) are not
 * exported.
 *
 * <p>On the module path forked mode needs {@code --add-exports
 * java.base/sun.nio.ch=dev.socketserver.core}, and a handler's package must be exported (or
 * opened) to this module, which builds one handler per request (docs/modules.md).
 */
module dev.socketserver.core {
    exports dev.socketserver;
    // JFR events and the ServerMXBean interface: read by recordings and JMX clients (serve --jmx).
    exports dev.socketserver.observe;

    // Unix datagram sockets (UnixDatagramServer's addresses are its types) and FileDescriptorCast (forked mode).
    requires transitive org.newsclub.net.unix;
    requires com.kohlschutter.junixsocket.nativecommon; // junixsocket's JNI library: resolved with it
    requires org.tinylog.api;
    requires jdk.jfr; // the dev.socketserver.* events
    requires java.management; // the ServerMXBean
    requires jdk.unsupported; // sun.misc.Signal: a forked child's graceful stop (StopWhenIdle)
    requires static transitive org.jetbrains.annotations; // the API's @Nullable, for compilers that check it
}
