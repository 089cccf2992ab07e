package io.tocsin.tests.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The run behind {@link io.tocsin.tests.bench.IdleCost}: start, settle, measure, report, stop. */
public final class IdleRun {
    private IdleRun() {}

    public static void main(String[] args) throws Exception {
        long settle = option(args, "--settle", 30);
        long window = option(args, "--window", 60);
        int top = (int) option(args, "--top", 25);
        boolean peerToo = !List.of(args).contains("--no-peer") && Peer.installed();
        Path repo = repoRoot();
        Path dir = Files.createTempDirectory("tocsin-idle-");
        Map<String, String> extraEnv = envOptions(args);

        UpProcess up = UpProcess.start(repo, dir.resolve("data"), UpProcess.serverClasspath(repo), extraEnv);
        Peer peer = null;
        Thread stopAll = new Thread(up::close, "idle-cost-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            up.awaitUp(Duration.ofSeconds(180));
            if (peerToo) {
                peer = Peer.start(
                        dir.resolve("peer"),
                        repo.resolve("tests/src/test/resources/promdiff/packs.yml"),
                        UpProcess.freePort(),
                        UpProcess.freePort(),
                        UpProcess.freePort());
            }
            long brokerPid = up.broker()
                    .orElseThrow(() -> new IllegalStateException("no broker child JVM"))
                    .pid();
            System.out.printf(
                    "tocsin up: %d rules; launcher options %s; extra environment %s; data %s%n",
                    ruleCount(up.log), UpProcess.launcherOptions(repo), extraEnv, dir);
            System.out.printf("settling %d s, then measuring %d s%n", settle, window);
            Peer.sleep(settle * 1000);

            List<Window.Subject> subjects = new ArrayList<>(List.of(
                    new Window.Subject("launcher", up.launcher.pid(), true),
                    new Window.Subject("broker", brokerPid, true)));
            if (peer != null) {
                subjects.add(new Window.Subject("prometheus", peer.prometheus.pid(), false));
                subjects.add(new Window.Subject("alertmanager", peer.alertmanager.pid(), false));
            }
            String loadBefore = loadAverage();
            List<Window.Use> uses = Window.measure(subjects, window);
            String loadAfter = loadAverage();
            report(uses, loadBefore, loadAfter, top);
        } finally {
            if (peer != null) {
                peer.close();
            }
            up.close();
            Runtime.getRuntime().removeShutdownHook(stopAll);
            removeTree(dir);
        }
    }

    /** The run's broker data and logs (hundreds of MB) go with it: nothing reads them afterwards. */
    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void report(List<Window.Use> uses, String loadBefore, String loadAfter, int top) {
        System.out.printf("%nload average (1/5/15 min): %s at the start, %s at the end%n", loadBefore, loadAfter);
        System.out.printf(
                "%-14s %10s %12s %12s %8s%n", "process", "CPU % core", "RSS avg MiB", "RSS max MiB", "threads");
        List<Window.Use> tocsin = uses.stream().filter(u -> u.subject().jvm()).toList();
        List<Window.Use> peer = uses.stream().filter(u -> !u.subject().jvm()).toList();
        tocsin.forEach(IdleRun::row);
        total("tocsin", tocsin);
        if (!peer.isEmpty()) {
            peer.forEach(IdleRun::row);
            total("peer", peer);
            double cpuRatio = cpu(tocsin) / Math.max(0.001, cpu(peer));
            double rssRatio = (double) rss(tocsin) / Math.max(1, rss(peer));
            System.out.printf("tocsin / peer: CPU x%.1f, RSS x%.1f%n", cpuRatio, rssRatio);
        }
        for (Window.Use u : tocsin) {
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

    private static int ruleCount(Path log) throws IOException {
        Matcher m = Pattern.compile("(\\d+) rules from").matcher(Files.readString(log));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("tocsin"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "run from the repository (no ./tocsin above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    /** Every {@code --env NAME=VALUE}: set in the launcher's environment after the driver's own. */
    static Map<String, String> envOptions(String[] args) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--env")) {
                String[] kv = args[i + 1].split("=", 2);
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new IllegalArgumentException("--env takes NAME=VALUE, not " + args[i + 1]);
                }
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }
}
