/** How a server runs a request: the strategy seam at {@code processRequest} (sync, threaded, virtual, forked). */
@NotNullByDefault
package dev.socketserver.dispatch;

import org.jetbrains.annotations.NotNullByDefault;
