package dev.socketserver.observe;

/**
 * A server's counters over JMX, registered as
 * {@code dev.socketserver:type=Server,name=<transport>-<port or path>} when
 * {@code ServerOptions.jmx()} is set, and unregistered by {@code serverClose()}. Counts are of
 * requests run in this JVM: forked-mode requests run in children, which {@link #getChildren()} counts.
 */
public interface ServerMXBean {
    /** The mode's flag: sync, threaded, virtual or forked. */
    String getMode();

    /** The bound address. */
    String getAddress();

    /** Requests being served now (forked mode: children running). */
    int getActiveRequests();

    /** Requests that ended without an error. */
    long getServed();

    /** Requests whose handler failed. */
    long getFailed();

    /** Requests closed unserved by verifyRequest (the allow-list by default). */
    long getRefused();

    /** Connections closed under their handler (idle timeout, close grace). */
    long getCut();

    /** Bytes read from clients (stream handlers' rfile, datagrams' request bytes). */
    long getBytesIn();

    /** Bytes written to clients (stream handlers' wfile, datagram replies). */
    long getBytesOut();

    /** Forked children running now; 0 in the other modes. */
    int getChildren();
}
