package dev.socketserver.observe;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.management.JMException;
import javax.management.ObjectName;

/** The name under which a server registers its {@link ServerMXBean} ({@code ServerOptions.jmx()}). */
public final class ServerObjectName {

    private ServerObjectName() {
    }

    /**
     * The MBean name of a server.
     *
     * @param transport tcp, udp, unix or unixdgram
     * @param bound the address the server is bound to
     * @return {@code dev.socketserver:type=Server,name=<transport>-<port or path>}
     */
    public static ObjectName of(String transport, SocketAddress bound) {
        String where = bound instanceof InetSocketAddress inet ? Integer.toString(inet.getPort()) : String.valueOf(bound);
        try {
            return new ObjectName("dev.socketserver:type=Server,name=" + ObjectName.quote(transport + "-" + where));
        } catch (JMException e) {
            throw new IllegalArgumentException("no JMX name for " + bound, e);
        }
    }
}
