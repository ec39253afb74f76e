package dev.socketserver.cli;

import dev.socketserver.BaseRequestHandler;
import dev.socketserver.DatagramRequest;
import dev.socketserver.handlers.EchoDatagramHandler;
import dev.socketserver.handlers.EchoStreamHandler;
import dev.socketserver.handlers.FileDownloadHandler;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import org.jetbrains.annotations.Nullable;

/** The handlers of the {@code serve --handler} flag, for stream and (where there is one) datagram transports. */
enum HandlerKind {
    FILE(FileDownloadHandler.class, null),
    ECHO(EchoStreamHandler.class, EchoDatagramHandler.class);

    private final Class<? extends BaseRequestHandler<SocketChannel>> stream;
    private final @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagram;

    HandlerKind(Class<? extends BaseRequestHandler<SocketChannel>> stream,
                @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagram) {
        this.stream = stream;
        this.datagram = datagram;
    }

    String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    Class<? extends BaseRequestHandler<SocketChannel>> streamHandler() {
        return stream;
    }

    /** The datagram handler, or null when this handler needs a stream transport. */
    @Nullable Class<? extends BaseRequestHandler<DatagramRequest>> datagramHandler() {
        return datagram;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    static HandlerKind parse(String text) {
        return Flags.parse("handler", values(), HandlerKind::flag, text);
    }
}
