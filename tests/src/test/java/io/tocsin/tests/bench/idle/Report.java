package io.tocsin.tests.bench.idle;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one measured window printed: each process's CPU and RSS, the totals of the measured side
 * and of the peer, their ratio, and where each JVM's time went by thread kind. Shared by the idle
 * drivers so that their figures read the same.
 */
final class Report {
    private Report() {}

    /**
     * @param side what the JVM subjects are together ("tocsin", "floor")
     * @param top how many thread kinds per JVM
     */
    static void print(List<Window.Use> uses, String side, String loadBefore, String loadAfter, int top) {
        System.out.printf("%nload average (1/5/15 min): %s at the start, %s at the end%n", loadBefore, loadAfter);
        System.out.printf(
                "%-14s %10s %12s %12s %8s%n", "process", "CPU % core", "RSS avg MiB", "RSS max MiB", "threads");
        List<Window.Use> measured = uses.stream().filter(u -> u.subject().jvm()).toList();
        List<Window.Use> peer = uses.stream().filter(u -> !u.subject().jvm()).toList();
        measured.forEach(Report::row);
        total(side, measured);
        if (!peer.isEmpty()) {
            peer.forEach(Report::row);
            total("peer", peer);
            double cpuRatio = cpu(measured) / Math.max(0.001, cpu(peer));
            double rssRatio = (double) rss(measured) / Math.max(1, rss(peer));
            System.out.printf("%s / peer: CPU x%.1f, RSS x%.1f%n", side, cpuRatio, rssRatio);
        }
        for (Window.Use u : measured) {
            System.out.printf(
                    "%n%s threads by kind, the top %d (CPU ms in the %.0f s window, %% of a core, how many):%n",
                    u.subject().label(), top, u.seconds());
            Map<String, long[]> kinds = Window.byKind(u.threadUse());
            long ended = u.ticks()
                    - u.threadUse().stream().mapToLong(Window.ThreadUse::ticks).sum();
            kinds.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                            .reversed())
                    .limit(top)
                    .forEach(e -> System.out.printf(
                            "  %7d ms %6.2f%%  %3d  %s%n",
                            e.getValue()[0] * 10,
                            100.0 * e.getValue()[0] / ProcCpu.TICKS_PER_SECOND / u.seconds(),
                            e.getValue()[1],
                            e.getKey()));
            if (ended > 0) {
                System.out.printf("  %7d ms          threads that ended during the window%n", ended * 10);
            }
        }
    }

    private static void row(Window.Use u) {
        System.out.printf(
                "%-14s %10.2f %12d %12d %8d%n",
                u.subject().label(), u.cpuPercent(), u.rssAvgKib() / 1024, u.rssMaxKib() / 1024, u.threads());
    }

    private static void total(String label, List<Window.Use> uses) {
        System.out.printf("%-14s %10.2f %12d%n", label + " total", cpu(uses), rss(uses) / 1024);
    }

    private static double cpu(List<Window.Use> uses) {
        return uses.stream().mapToDouble(Window.Use::cpuPercent).sum();
    }

    private static long rss(List<Window.Use> uses) {
        return uses.stream().mapToLong(Window.Use::rssAvgKib).sum();
    }
}
