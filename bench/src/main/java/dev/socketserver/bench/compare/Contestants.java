package dev.socketserver.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The servers of the comparison: serve's four modes (forked with and without its warm pool), then the peers (bare Java, Netty, native). */
final class Contestants {

    /** The flags every bench JVM gets (Makefile's BENCH_JAVA): forked mode's export, native access. */
    static final List<String> JVM_FLAGS = List.of("--sun-misc-unsafe-memory-access=allow",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");
    /**
     * Every server but forked: from the light rate, doubling, to 32,000/s, past every server's peak
     * on 2 cores (27,000/s at most in every run so far; 64,000 was dropped to keep the run near 10 minutes).
     */
    private static final List<Double> RATES = Contestant.geometric(CompareMain.LIGHT_RATE, 32_000, 2);
    /**
     * The warm-up's open-loop rate for those sweeps: 8 × the light rate, which every server but sync
     * on kept connections holds with the server idle between requests (so the paths for parking and
     * waking get compiled too), and whose requests bring the JIT near its steady state 8 × sooner than
     * the light rate's. At the light rate itself (until 2026-11-29) a JVM server was still compiling
     * through the first recorded rate: docs/benchmarks.md, "The warm-up's rate".
     */
    static final double WARM_UP_RATE = 8 * CompareMain.LIGHT_RATE;
    /** Forked mode starts a JVM per connection (~10 new connections/s on 2 cores): swept low. */
    private static final List<Double> FORKED_RATES = Contestant.geometric(2, 256, 2);
    /** nload's connections in the main sweeps: the "16 clients". */
    static final int CLIENTS = 16;
    /** The other load, on kept connections, for the default mode and the native peer. */
    static final int FEW_CLIENTS = 4;
    private static final int FORKED_CLIENTS = 4;
    private static final List<Contestant.Load> LOADS = loads(CLIENTS);
    /** Kept and new at 16 clients, and kept at 4: what issue 14's targets are stated at. */
    private static final List<Contestant.Load> TARGET_LOADS = List.of(new Contestant.Load("kept", CLIENTS),
            new Contestant.Load("new", CLIENTS), new Contestant.Load("kept", FEW_CLIENTS));
    private static final int TIMEOUT_SECONDS = 5;
    /** A forked child is a JVM start: seconds on a loaded 2-core machine. */
    private static final int FORKED_TIMEOUT_SECONDS = 30;

    private Contestants() {
    }

    /** {@return the java command this JVM runs}: the servers and the yardstick are started with the same JDK */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<Contestant> all(Path jar, Path nserve, Path root) throws IOException {
        String java = javaCommand();
        List<Contestant> all = new ArrayList<>();
        // forked twice: a child JVM started per request (--fork-pool 0) and handed to a waiting one
        List<List<String>> serveFlags = List.of(List.of("--mode", "sync"), List.of("--mode", "threaded"),
                List.of("--mode", "virtual"), List.of("--mode", "forked", "--fork-pool", "0"),
                List.of("--mode", "forked", "--fork-pool", "2"));
        for (List<String> flags : serveFlags) {
            // as make run starts it: the jar's manifest gives serve its export and native access, and
            // the AOT cache only fits the command line it was trained with (scripts/train-aot-cache)
            List<String> command = new ArrayList<>(List.of(java));
            aotCache(jar).ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
            command.addAll(List.of("-jar", jar.toString(), "serve"));
            command.addAll(flags);
            command.addAll(List.of("--port", "0", "--root", root.toString()));
            boolean forked = flags.contains("forked");
            String name = "serve " + String.join(" ", flags);
            List<Contestant.Load> loads = forked ? loads(FORKED_CLIENTS) : name.equals(Targets.SERVE) ? TARGET_LOADS : LOADS;
            // the large file to one client: threaded and virtual (sync's one connection takes threaded's path;
            // forked mode's figure would be a JVM start)
            boolean bulk = flags.contains("threaded") || flags.contains("virtual");
            all.add(new Contestant(name, command, forked ? FORKED_RATES : RATES,
                    forked ? FORKED_RATES.getFirst() : WARM_UP_RATE, loads,
                    forked ? FORKED_TIMEOUT_SECONDS : TIMEOUT_SECONDS, bulk));
        }
        String classPath = System.getProperty("java.class.path");
        for (String[] peer : new String[][] {{"bare", "bare Java"}, {"netty", "Netty"}}) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(JVM_FLAGS);
            command.addAll(List.of("-cp", classPath, "dev.socketserver.bench.ScaleServerMain", peer[0], root.toString()));
            all.add(new Contestant(peer[1], command, RATES, WARM_UP_RATE, LOADS, TIMEOUT_SECONDS, false));
        }
        all.add(new Contestant(Targets.PEER, List.of(nserve.toString(), "-p", "0", root.toString()), RATES, WARM_UP_RATE,
                TARGET_LOADS, TIMEOUT_SECONDS, true));
        return all;
    }

    /**
     * The AOT cache {@code make aot} trains beside the jar ({@code socketserver.aot} for
     * {@code socketserver.jar}), which {@code serve} starts with as {@code make run} does, if there is
     * one newer than the jar: the rule of {@code scripts/aot-flag}, which the Makefile and the scripts
     * use (a stale cache would only draw the JVM's refusal, and the report would name it wrongly).
     */
    static Optional<Path> aotCache(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        Path cache = jar.resolveSibling(name.substring(0, name.length() - (name.endsWith(".jar") ? 4 : 0)) + ".aot");
        boolean fresh = Files.isRegularFile(cache)
                && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0;
        return fresh ? Optional.of(cache) : Optional.empty();
    }

    private static List<Contestant.Load> loads(int clients) {
        return List.of(new Contestant.Load("kept", clients), new Contestant.Load("new", clients));
    }
}
