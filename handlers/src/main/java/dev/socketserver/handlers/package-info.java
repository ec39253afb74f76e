/**
 * Concrete request handlers: the seed's file-download server ({@link dev.socketserver.handlers.FileDownloadHandler})
 * and its client ({@link dev.socketserver.handlers.FileClient}), wire-compatible with the seed's Python
 * programs, and echo handlers for stream and datagram transports.
 *
 * <h2>The file-download protocol</h2>
 * <ol>
 *   <li>the client sends {@code get NAME} (UTF-8, a trailing newline allowed) in one write;</li>
 *   <li>the server replies the file's size in ASCII decimal, or {@code ERR <reason>\n};</li>
 *   <li>the client acknowledges with any bytes;</li>
 *   <li>the server sends exactly SIZE bytes, then the MD5 as 32 lowercase hex characters;</li>
 *   <li>the connection stays open for the next command.</li>
 * </ol>
 */
@NotNullByDefault
package dev.socketserver.handlers;

import org.jetbrains.annotations.NotNullByDefault;
