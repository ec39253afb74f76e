/**
 * The file server and echo handlers for {@code dev.socketserver.core}, and the
 * {@code socketserver} command line ({@code dev.socketserver.cli}, not exported).
 */
module dev.socketserver.handlers {
    exports dev.socketserver.handlers;
    // picocli reads and sets the commands' annotated fields.
    opens dev.socketserver.cli to info.picocli;

    requires transitive dev.socketserver.core;
    requires org.tinylog.api;
    requires info.picocli;
    requires HdrHistogram; // `load`'s latency histograms (an automatic module)
    requires static org.jetbrains.annotations;
}
