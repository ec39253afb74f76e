/**
 * Observability without a dependency: JFR events ({@link dev.socketserver.observe.RequestEvent},
 * {@link dev.socketserver.observe.RefusedEvent}, {@link dev.socketserver.observe.CutEvent},
 * {@link dev.socketserver.observe.LimitWaitEvent}), off
 * unless a recording enables them, and a {@link dev.socketserver.observe.ServerMXBean} per server
 * when {@code ServerOptions.jmx()} is set, registered under
 * {@link dev.socketserver.observe.ServerObjectName#of}. What emits them is internal. See docs/observability.md.
 */
@NotNullByDefault
package dev.socketserver.observe;

import org.jetbrains.annotations.NotNullByDefault;
