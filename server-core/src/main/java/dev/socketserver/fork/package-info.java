/**
 * Forked mode, whole: {@link dev.socketserver.fork.ForkedDispatcher} starts a child JVM per
 * request ({@code ForkingMixIn}) through {@link dev.socketserver.fork.ForkedLauncher} (with its AOT
 * cache and output relay), and {@link dev.socketserver.fork.ChildMain} is the child: it serves one
 * request whose socket is the process's standard input, with any handler class, then exits (0 on
 * success, 1 after a handler error); it is also an inetd/systemd socket-activation entry point.
 * {@link dev.socketserver.fork.ChildArguments} is the command line both sides agree on.
 *
 * <p>The core knows this package only through the {@code Dispatcher} seam: it loads the
 * dispatcher by name ({@code ForkedMode}), so this package builds on the core and not the other
 * way round. Not exported by the module; the child is started by class name on the class path.
 */
@NotNullByDefault
package dev.socketserver.fork;

import org.jetbrains.annotations.NotNullByDefault;
