/**
 * The report: reads JMH's JSON (and the scale benchmark's memory lines) and writes a Markdown
 * table, the targets met or missed, and a PNG chart comparing the modes.
 */
@NotNullByDefault
package dev.socketserver.bench.report;

import org.jetbrains.annotations.NotNullByDefault;
