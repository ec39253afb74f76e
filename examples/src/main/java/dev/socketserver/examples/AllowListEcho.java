package dev.socketserver.examples;

import dev.socketserver.Cidr;
import dev.socketserver.Limits;
import dev.socketserver.Mode;
import dev.socketserver.ServerOptions;
import dev.socketserver.TcpServer;
import dev.socketserver.handlers.EchoStreamHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server that serves only the networks it is given ({@code java AllowListEcho 9007 127.0.0.0/8 ::1}):
 * the allow-list ({@link Limits#withAllow}) does the checking, and an overridden
 * {@code verifyRequest} adds its own bookkeeping, here a count of the clients it turned away.
 */
public final class AllowListEcho extends TcpServer {

    private final AtomicLong refused = new AtomicLong();

    private AllowListEcho(int port, ServerOptions options) throws IOException {
        super(new InetSocketAddress("127.0.0.1", port), EchoStreamHandler.class, options);
    }

    /** A bound server serving only {@code allowed} (CIDRs or addresses). */
    public static AllowListEcho open(int port, String... allowed) throws IOException {
        Limits limits = Limits.builder().allow(Arrays.stream(allowed).map(Cidr::parse).toList()).build();
        return new AllowListEcho(port, ServerOptions.builder().mode(Mode.VIRTUAL).limits(limits).build());
    }

    @Override
    protected boolean verifyRequest(SocketChannel request, SocketAddress clientAddress) {
        boolean allowed = super.verifyRequest(request, clientAddress); // the allow-list; logs a refusal
        if (!allowed) {
            refused.incrementAndGet();
        }
        return allowed;
    }

    /** How many clients were closed unserved. */
    public long refused() {
        return refused.get();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9007;
        String[] allowed = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"127.0.0.0/8"};
        try (AllowListEcho server = open(port, allowed)) {
            System.out.println("echo on " + server.serverAddress() + " for " + Arrays.toString(allowed));
            server.serveForever();
        }
    }
}
