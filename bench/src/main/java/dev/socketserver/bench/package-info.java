/**
 * JMH benchmarks that compare the concurrency strategies on the seed's file-download protocol,
 * the two peers they are measured against (a bare hand-written server, a Netty server), and the
 * report that turns JMH's JSON into a Markdown table and a chart.
 *
 * <p>Run {@code make bench} (quick profile) or {@code make bench-full}; both go through
 * {@link dev.socketserver.bench.BenchMain}, which runs JMH once per client count and then
 * {@link dev.socketserver.bench.report.ReportMain}.
 */
@NotNullByDefault
package dev.socketserver.bench;

import org.jetbrains.annotations.NotNullByDefault;
