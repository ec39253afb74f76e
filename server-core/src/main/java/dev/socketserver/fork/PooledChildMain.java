package dev.socketserver.fork;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.dispatch.ChildTransport;
import dev.socketserver.internal.HandlerFactory;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.tinylog.Logger;

/**
 * A child started ahead of its request ({@code ForkOptions.warmChildren}): it loads what its
 * request will run, tells the server it is ready, waits for a request on its private channel,
 * and then serves it exactly as {@link ChildMain} serves an inherited one, and exits. Exit
 * statuses are {@link ChildMain}'s; a child whose server closes the channel without a request
 * exits {@value ChildMain#OK}.
 */
final class PooledChildMain {

    private PooledChildMain() {
    }

    static int run(List<String> argv) {
        ChildMain.Setup setup = ChildMain.setUp(argv);
        if (setup == null) {
            return ChildMain.USAGE;
        }
        ChildArguments args = setup.args();
        HandOffMessage message;
        try (HandOffReceiver receiver = HandOffReceiver.fromStandardInput()) {
            receiver.warm();
            warm(args, setup.handlers());
            receiver.ready();
            message = receiver.await();
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
        if (message == null) {
            return ChildMain.OK; // the server closed its pool
        }
        if (args.transport().isDatagram()) {
            if (message.datagram() == null) {
                Logger.error("a datagram child was handed a request without its datagram");
                return ChildMain.USAGE;
            }
            args = args.withClientAddress(ChildAddresses.parse(message.clientAddress(),
                    args.transport() == ChildTransport.UNIX_DATAGRAM));
        }
        return ChildMain.serveInherited(args, setup.handlers(), message.datagram());
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
        } else if (args.transport() == ChildTransport.STREAM) {
            SocketChannel.open().close();
        }
        String concatenated = "warm " + args.parentPid() + " " + handler;
        if (concatenated.isBlank()) {
            throw new IllegalStateException("string concatenation gave nothing");
        }
    }
}
