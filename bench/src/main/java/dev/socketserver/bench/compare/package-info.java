/**
 * {@code make compare}: latency under an open-loop load from the native client ({@code nload}) for each
 * mode of {@code serve} and each peer (bare Java, Netty, native {@code nserve}), swept from a light rate
 * to past saturation; JSON, a Markdown table and a p99 chart in {@code bench/results/}.
 */
package dev.socketserver.bench.compare;
