/**
 * socketserver for Java: Python's {@code socketserver} on TCP, UDP and Unix sockets, in four
 * modes (sync, threaded, virtual, forked). API: {@code dev.socketserver} and its JFR events
 * and MXBean in {@code dev.socketserver.observe}.
 *
 * <p>On the module path forked mode needs {@code --add-exports
 * java.base/sun.nio.ch=dev.socketserver.core}, and a handler's package must be exported (or
 * opened) to this module, which builds one handler per request.
 */
module dev.socketserver.core {
    exports dev.socketserver;
    // JFR events and the ServerMXBean interface: read by recordings and JMX clients.
    exports dev.socketserver.observe;

    // UnixDatagramServer's addresses are junixsocket's; its JNI library is in nativecommon.
    requires transitive org.newsclub.net.unix;
    requires com.kohlschutter.junixsocket.nativecommon;
    requires org.tinylog.api;
    requires jdk.jfr;
    requires java.management;
    requires jdk.unsupported; // sun.misc.Signal: a forked child's stop-when-idle signal
    requires static org.jetbrains.annotations;
}
