/**
 * The command line of the executable jar {@code handlers/target/socketserver.jar}:
 * {@code serve} (a file or echo server on any transport and mode), {@code get} (download one
 * file), {@code load} (latency percentiles under load) and {@code shell} (the seed's interactive client). Entry point: {@link dev.socketserver.cli.Main}.
 */
@NotNullByDefault
package dev.socketserver.cli;

import org.jetbrains.annotations.NotNullByDefault;
