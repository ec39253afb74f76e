package dev.socketserver.fork;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.HandlerFactory;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.tinylog.Logger;

/**
 * A child started ahead of its request ({@code ForkOptions.warmChildren}): it loads what its
 * request will run, tells the server it is ready, waits for a request on its private channel,
 * and then serves it exactly as {@link ChildMain} serves an inherited one. With
 * {@value #REQUESTS_PER_CHILD}N (N above 1, {@code ForkOptions.requestsPerChild}) it says it is
 * ready again after each request and exits after the Nth; a request that fails ends it at once
 * (the next request gets a fresh JVM). Exit statuses are {@link ChildMain}'s (the last request's);
 * a child whose server closes the channel without a request exits {@value ChildMain#OK}.
 *
 * <p>While it waits, the child needs no {@link ParentWatch}: it is blocked reading its private
 * channel, whose other end only the server holds, so the server's death, even by SIGKILL, is an end
 * of stream there, which ends the child. The watch's thread is started before the child says it is ready and polls from the first
 * request on, when the child reads the client instead (measured: polling every 100 ms, then compiling the loop, cost a child
 * that waited 20 s some 30 ms of CPU; docs/forked.md).
 */
final class PooledChildMain {

    /** The optional first argument after {@link ChildArguments#POOLED}: how many requests to serve. */
    static final String REQUESTS_PER_CHILD = "--requests-per-child=";

    private PooledChildMain() {
    }

    static int run(List<String> argv) {
        int requests = 1;
        if (!argv.isEmpty() && argv.getFirst().startsWith(REQUESTS_PER_CHILD)) {
            try {
                requests = Integer.parseInt(argv.getFirst().substring(REQUESTS_PER_CHILD.length()));
            } catch (NumberFormatException e) {
                requests = 0;
            }
            if (requests < 1) {
                Logger.error("{} wants a number of requests, at least 1: {}", REQUESTS_PER_CHILD, argv.getFirst());
                return ChildMain.USAGE;
            }
            argv = argv.subList(1, argv.size());
        }
        ChildMain.Setup setup = ChildMain.parse(argv); // no parent watch yet: prepared after the warm-up
        if (setup == null) {
            return ChildMain.USAGE;
        }
        ChildArguments args = setup.args();
        boolean ownConnections = requests > 1 && !args.transport().isDatagram();
        try (HandOffReceiver receiver = HandOffReceiver.fromStandardInput()) {
            receiver.warm();
            if (ownConnections) {
                ReceivedConnection.check();
            }
            warm(args, setup.handlers());
            ParentWatch.Held watch = args.parentPid() > 0 ? ParentWatch.prepare(args.parentPid()) : null;
            for (int served = 0; served < requests; served++) {
                receiver.ready();
                HandOffReceiver.Received received = receiver.await();
                if (received == null) {
                    return ChildMain.OK; // the server closed its pool, or died (its end of the channel closes with it)
                }
                if (served == 0 && watch != null) {
                    watch.begin();
                }
                int status = serve(args, setup.handlers(), received, ownConnections);
                if (status != ChildMain.OK) {
                    return status;
                }
            }
            return ChildMain.OK;
        } catch (IllegalStateException e) {
            Logger.error(e.getMessage());
            return ChildMain.USAGE;
        } catch (IOException e) {
            Logger.error("no request could be taken from the server: {}", e.toString());
            return ChildMain.HANDLER_FAILED;
        } catch (Exception e) {
            Logger.error(e, "warming up {} failed", args.handlerClass());
            return ChildMain.HANDLER_FAILED;
        }
    }

    /**
     * Serves one request. A datagram transport's socket is the server's, the same for every request:
     * it goes on descriptor 0 each time. A connection goes there too when it is the child's only
     * one; otherwise ({@code ownConnections}) it gets a channel of its own, closed after the request.
     */
    private static int serve(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers,
                             HandOffReceiver.Received received, boolean ownConnections) throws IOException {
        HandOffMessage message = received.message();
        if (ownConnections) {
            return ChildMain.serveConnection(args, handlers, ReceivedConnection.of(received.socket(),
                    ChildAddresses.parseConnectionPeer(message.clientAddress())));
        }
        HandOffReceiver.ontoStandardInput(received.socket());
        if (!args.transport().isDatagram()) {
            return ChildMain.serveInherited(args, handlers, null);
        }
        if (message.datagram() == null) {
            Logger.error("a datagram child was handed a request without its datagram");
            return ChildMain.USAGE;
        }
        ChildArguments request = args.withClientAddress(ChildAddresses.parse(message.clientAddress(),
                args.transport() == ChildTransport.UNIX_DATAGRAM));
        return ChildMain.serveInherited(request, handlers, message.datagram());
    }

    /**
     * Loads what the request will run before the child says it is ready: the handler class (and
     * its static initialisation) with its own {@link BaseRequestHandler#warmUp()}, the JDK's
     * channel classes for the transport, and the string-concatenation bootstrap. Not the logging
     * set-up: a request that logs nothing never needs it, and it costs every child some 20 ms of
     * CPU (docs/forked.md, "What each warm-up step saves").
     */
    private static void warm(ChildArguments args, HandlerFactory<BaseRequestHandler<Object>> handlers)
            throws Exception {
        BaseRequestHandler<Object> handler = handlers.newHandler();
        handler.warmUp();
        if (args.transport() == ChildTransport.UDP) {
            DatagramChannel.open().close();
        }
        RequestPathWarmUp.warm(args.transport());
        // The limits carried in the configuration are read again for each request (ChildServer.of); the first
        // Duration.parse compiles the JDK's pattern for durations, which would otherwise be on the request's path.
        CarriedLimits.carriedBy(args.config());
        // Links the string-concatenation bootstrap, which links on the first concatenation run, not at load;
        // the value itself is not needed.
        String unused = "warm " + args.parentPid() + " " + handler;
    }
}
