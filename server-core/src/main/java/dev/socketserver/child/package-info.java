/**
 * The child side of forked mode, and an inetd/systemd socket-activation entry point:
 * {@link dev.socketserver.child.ChildMain} serves one request whose socket is the process's
 * standard input, with any handler class, then exits (0 on success, 1 after a handler error).
 * {@link dev.socketserver.child.ChildArguments} is the command line both sides agree on.
 */
@NotNullByDefault
package dev.socketserver.child;

import org.jetbrains.annotations.NotNullByDefault;
