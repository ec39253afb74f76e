package dev.socketserver.bench.report;

import dev.socketserver.bench.FileSize;
import dev.socketserver.bench.ServerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The performance targets, checked against whatever cases a run measured:
 * virtual within 10% of the bare server and at or above Netty for 4 KiB files at 16+ clients,
 * 100 MiB within 10% of the bare server, and forked mode's time per request beside virtual's.
 */
final class Targets {

    /** One comparison: the case, what was compared, the ratio and whether it met the target. */
    record Check(String target, String situation, double ratio, String verdict) {
    }

    private Targets() {
    }

    static List<Check> check(List<FileRun> runs) {
        List<Check> checks = new ArrayList<>();
        for (FileRun virtual : runs) {
            if (virtual.mode() != ServerKind.VIRTUAL) {
                continue;
            }
            if (virtual.size() == FileSize.KIB_4 && virtual.clients() >= 16) {
                peer(runs, virtual, ServerKind.BARE).ifPresent(bare -> checks.add(
                        atLeast("virtual ≥ 0.9 × bare (4 KiB, 16+ clients)", virtual, bare, 0.9)));
                peer(runs, virtual, ServerKind.NETTY).ifPresent(netty -> checks.add(
                        atLeast("virtual ≥ Netty (4 KiB, 16+ clients)", virtual, netty, 1.0)));
            }
            if (virtual.size() == FileSize.MIB_100) {
                peer(runs, virtual, ServerKind.BARE).ifPresent(bare -> checks.add(
                        atLeast("virtual ≥ 0.9 × bare (100 MiB)", virtual, bare, 0.9)));
            }
            peer(runs, virtual, ServerKind.FORKED).ifPresent(forked -> checks.add(new Check(
                    "forked's time per request vs virtual's", virtual.describeCase(),
                    virtual.requestsPerSecond() / forked.requestsPerSecond(),
                    String.format("forked %s, virtual %s", perRequest(forked), perRequest(virtual)))));
        }
        return checks;
    }

    private static Optional<FileRun> peer(List<FileRun> runs, FileRun of, ServerKind kind) {
        return runs.stream().filter(r -> r.mode() == kind && r.sameCase(of)).findFirst();
    }

    private static Check atLeast(String target, FileRun virtual, FileRun peer, double ratio) {
        double measured = virtual.requestsPerSecond() / peer.requestsPerSecond();
        return new Check(target, virtual.describeCase(), measured, measured >= ratio ? "met" : "**missed**");
    }

    /** Wall time per request across the machine: 1 / (requests/s), in ms or µs. */
    static String perRequest(FileRun run) {
        double micros = 1e6 / run.requestsPerSecond();
        return micros >= 1000 ? String.format("%.1f ms", micros / 1000) : String.format("%.0f µs", micros);
    }
}
