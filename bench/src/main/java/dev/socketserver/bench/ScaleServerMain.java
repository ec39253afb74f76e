package dev.socketserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of {@link ScaleBenchmark}, in a JVM of its own so that its memory is its own:
 * serves {@code root} in the given mode on a free loopback port, prints {@code port N}, then
 * answers each {@code stats} line on standard input with one {@link ServerStats} line. It exits
 * when standard input ends, so it never outlives the benchmark.
 *
 * <p>Usage: {@code ScaleServerMain MODE ROOT}.
 */
public final class ScaleServerMain {

    private ScaleServerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ScaleServerMain MODE ROOT");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (BenchServer server = ServerKind.parse(args[0]).start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Path.of(args[1]))) {
            out.println("port " + ((InetSocketAddress) server.address()).getPort());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = commands.readLine()) != null) {
                if (line.equals("stats")) {
                    out.println(measure().toLine());
                } else {
                    out.println("error unknown command '" + line + "'");
                }
            }
        }
    }

    private static ServerStats measure() throws IOException {
        var memory = ManagementFactory.getMemoryMXBean();
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        System.gc(); // the live heap: what the connections really hold
        long heapLive = memory.getHeapMemoryUsage().getUsed();
        return new ServerStats(heapUsed, heapLive, residentBytes(),
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** VmRSS from /proc/self/status (Linux). */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
