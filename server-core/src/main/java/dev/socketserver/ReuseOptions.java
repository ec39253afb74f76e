package dev.socketserver;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/** The socket options a transport sets before binding. */
final class ReuseOptions {

    private ReuseOptions() {
    }

    /**
     * Sets {@code SO_REUSEADDR} and {@code SO_REUSEPORT} as the options ask, before binding.
     *
     * @throws UnsupportedOperationException when {@code allowReusePort} is set and the socket
     *     cannot reuse ports
     */
    static void apply(NetworkChannel channel, ServerOptions options, Object server) throws IOException {
        var supported = channel.supportedOptions();
        if (options.allowReuseAddress() && supported.contains(StandardSocketOptions.SO_REUSEADDR)) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        if (options.allowReusePort()) {
            if (!supported.contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported by " + server);
            }
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
    }
}
