/** Implementation details; not part of the public API. */
@NotNullByDefault
package dev.socketserver.internal;

import org.jetbrains.annotations.NotNullByDefault;
