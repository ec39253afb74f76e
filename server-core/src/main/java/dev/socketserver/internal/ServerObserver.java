package dev.socketserver.internal;

import dev.socketserver.observe.ServerMXBean;
import dev.socketserver.observe.ServerObjectName;
import dev.socketserver.observe.RequestEvent;
import dev.socketserver.observe.RefusedEvent;
import dev.socketserver.observe.CutEvent;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * One server's observations: emits the JFR events (building their strings only when a recording
 * wants them) and keeps the counters its {@link ServerMXBean} shows. The server calls it at each
 * step of a request's life; it never throws into the server.
 */
public final class ServerObserver implements ServerMXBean {

    private final String mode;
    private final boolean stream;
    private final boolean forked;
    private final IntSupplier active;
    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder cut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LimitWaits limitWaits = new LimitWaits();
    private volatile String transport = "";
    private volatile String address = "";
    private volatile @Nullable ObjectName registered;

    /**
     * Counts one server's requests; registers nothing until {@link #bound} asks for it.
     *
     * @param mode the mode's flag
     * @param stream whether requests are connections (tcp, unix) rather than datagrams
     * @param active the requests (forked mode: children) in flight now
     */
    public ServerObserver(String mode, boolean stream, IntSupplier active) {
        this.mode = mode;
        this.stream = stream;
        this.forked = mode.equals("forked");
        this.active = active;
    }

    /**
     * The server is bound: fixes the transport and address that events and the MBean report.
     *
     * @param bound the address the server is bound to
     * @param jmx whether to register the server's {@link ServerMXBean}
     */
    public void bound(SocketAddress bound, boolean jmx) {
        boolean inet = bound instanceof InetSocketAddress;
        transport = inet ? (stream ? "tcp" : "udp") : (stream ? "unix" : "unixdgram");
        address = String.valueOf(bound);
        if (jmx) {
            register(ServerObjectName.of(transport, bound));
        }
    }

    /**
     * The request's handler starts now.
     *
     * @return the request's JFR event, begun; hand it to {@link #end} when the handler returns
     */
    public RequestEvent begin() {
        RequestEvent event = new RequestEvent();
        event.begin();
        return event;
    }

    /**
     * The request ended: counts it as served, failed or cut and commits its event.
     *
     * @param event the event {@link #begin()} returned for this request
     * @param meter the bytes the request moved, and whether the server cut it
     * @param client the client's address, recorded in the event
     * @param error whether the handler failed (threw)
     */
    public void end(RequestEvent event, RequestMeter meter, SocketAddress client, boolean error) {
        long in = meter.bytesIn();
        long out = meter.bytesOut();
        bytesIn.add(in);
        bytesOut.add(out);
        String outcome;
        if (meter.cutReason() != null) {
            outcome = "cut";
        } else if (error) {
            failed.increment();
            outcome = "failed";
        } else {
            served.increment();
            outcome = "ok";
        }
        event.end();
        if (event.shouldCommit()) {
            event.client = String.valueOf(client);
            event.mode = mode;
            event.transport = transport;
            event.bytesIn = in;
            event.bytesOut = out;
            event.outcome = outcome;
            event.commit();
        }
    }

    /**
     * The server closed a request unserved (refused by {@code verifyRequest} or a limit).
     *
     * @param client the refused client's address
     * @param reason why, in a few words, recorded in the event
     */
    public void refused(SocketAddress client, String reason) {
        refused.increment();
        RefusedEvent event = new RefusedEvent();
        if (event.shouldCommit()) {
            event.client = String.valueOf(client);
            event.transport = transport;
            event.reason = reason;
            event.commit();
        }
    }

    /**
     * The server closes a connection under its handler (idle timeout, close grace).
     *
     * @param meter the request's meter, marked cut; null when the handler runs in a forked child
     * @param client the client's address
     * @param reason why, in a few words, recorded in the event
     */
    public void cut(@Nullable RequestMeter meter, SocketAddress client, String reason) {
        cut.increment();
        if (meter != null) {
            meter.markCut(reason);
        }
        CutEvent event = new CutEvent();
        if (event.shouldCommit()) {
            event.client = String.valueOf(client);
            event.transport = transport;
            event.reason = reason;
            event.commit();
        }
    }

    /**
     * The serve loop has a client ready but every connection slot ({@code Limits.maxConnections})
     * in use: a wait at the limit begins, unless one is on. Called by the serve loop's thread.
     *
     * @param maxConnections the limit that was reached, recorded in the event
     */
    public void limitReached(int maxConnections) {
        limitWaits.began(maxConnections, transport, address);
    }

    /**
     * The serve loop's wait at the limit, if one is on, ends: counted in
     * {@link #getLimitWaitMillis()}, and its event committed. Called by the serve loop's thread.
     *
     * @param slotFreed whether a slot came free (false: the loop stopped first)
     */
    public void limitWaitEnded(boolean slotFreed) {
        limitWaits.ended(slotFreed);
    }

    /** Unregisters the MBean, if registered. Idempotent. */
    public void close() {
        ObjectName name = registered;
        registered = null;
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            Logger.warn(e, "unregistering {} failed", name);
        }
    }

    private void register(ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(this, name);
            registered = name;
        } catch (JMException e) {
            // Observability must not stop the server: it serves without its MBean.
            Logger.warn(e, "registering the MBean {} failed; serving without it", name);
        }
    }

    @Override public String getMode() { return mode; }
    @Override public String getAddress() { return address; }
    @Override public int getActiveRequests() { return active.getAsInt(); }
    @Override public long getServed() { return served.sum(); }
    @Override public long getFailed() { return failed.sum(); }
    @Override public long getRefused() { return refused.sum(); }
    @Override public long getCut() { return cut.sum(); }
    @Override public long getBytesIn() { return bytesIn.sum(); }
    @Override public long getBytesOut() { return bytesOut.sum(); }
    @Override public long getLimitWaits() { return limitWaits.count(); }
    @Override public long getLimitWaitMillis() { return limitWaits.waitedMillis(); }
    @Override public int getChildren() { return forked ? active.getAsInt() : 0; }
}
