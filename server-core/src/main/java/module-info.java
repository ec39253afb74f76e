/**
 * socketserver for Java: the public API is {@code dev.socketserver} alone. The serve loop's
 * plumbing ({@code dev.socketserver.internal}), the dispatch seam ({@code dev.socketserver.dispatch})
 * and forked mode ({@code dev.socketserver.fork}, whose child JVM is started by class name on the
 * class path) are not exported.
 */
module dev.socketserver.core {
    exports dev.socketserver;
    // JMX reads the ServerMXBean interface reflectively (serve --jmx); nobody else needs the package.
    exports dev.socketserver.observe to java.management;

    requires org.newsclub.net.unix; // Unix datagram sockets and FileDescriptorCast (forked mode)
    requires org.tinylog.api;
    requires jdk.jfr; // the dev.socketserver.* events
    requires java.management; // the ServerMXBean
    requires jdk.unsupported; // sun.misc.Signal: a forked child's graceful stop (StopWhenIdle)
    requires static transitive org.jetbrains.annotations; // the API's @Nullable, for compilers that check it
}
