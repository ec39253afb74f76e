package dev.socketserver.observe;

/**
 * A server's counters over JMX, registered as
 * {@code dev.socketserver:type=Server,name=<transport>-<port or path>} when
 * {@code ServerOptions.jmx()} is set, and unregistered by {@code serverClose()}. Forked-mode
 * requests are counted too, by the parent: handed to a child, then served or failed by the child's
 * exit status; their bytes moved in the child and are not counted here.
 */
public interface ServerMXBean {
    /** {@return the mode's flag: sync, threaded, virtual or forked} */
    String getMode();

    /** {@return the bound address} */
    String getAddress();

    /** {@return requests being served now (forked mode: children running)} */
    int getActiveRequests();

    /** {@return requests that ended without an error} */
    long getServed();

    /** {@return requests whose handler failed} */
    long getFailed();

    /** {@return requests closed unserved by verifyRequest (the allow-list by default)} */
    long getRefused();

    /** {@return connections closed under their handler (idle timeout, close grace)} */
    long getCut();

    /** {@return bytes read from clients (stream handlers' rfile, datagrams' request bytes; not forked children's)} */
    long getBytesIn();

    /** {@return bytes written to clients (stream handlers' wfile, datagram replies)} */
    long getBytesOut();

    /**
     * {@return how many times the server waited at {@code Limits.maxConnections}: a client was ready
     *     while every slot was in use, so it stayed in the listen backlog until a request ended}
     */
    long getLimitWaits();

    /** {@return the time spent in those waits, in milliseconds, the current one included} */
    long getLimitWaitMillis();

    /** {@return forked children running now; 0 in the other modes} */
    int getChildren();
}
