package io.tocsin.tests.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The run behind {@link io.tocsin.tests.bench.IdleCost}: start, settle, measure, report, stop. */
public final class IdleRun {
    private IdleRun() {}

    public static void main(String[] args) throws Exception {
        Timing timing = Timing.of(args);
        Path repo = RunSupport.repoRoot();
        Path dir = Files.createTempDirectory("tocsin-idle-");
        Map<String, String> extraEnv = envOptions(args);

        UpProcess up = UpProcess.start(repo, dir.resolve("data"), UpProcess.serverClasspath(repo), extraEnv);
        Peer peer = null;
        Thread stopAll = new Thread(up::close, "idle-cost-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            up.awaitUp(Duration.ofSeconds(180));
            if (timing.peerToo()) {
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
            System.out.printf("settling %d s, then measuring %d s%n", timing.settleSeconds(), timing.windowSeconds());
            Peer.sleep(timing.settleSeconds() * 1000);

            List<Window.Subject> subjects = new ArrayList<>(List.of(
                    new Window.Subject("launcher", up.launcher.pid(), true),
                    new Window.Subject("broker", brokerPid, true)));
            if (peer != null) {
                subjects.add(new Window.Subject("prometheus", peer.prometheus.pid(), false));
                subjects.add(new Window.Subject("alertmanager", peer.alertmanager.pid(), false));
            }
            String loadBefore = RunSupport.loadAverage();
            List<Window.Use> uses = Window.measure(subjects, timing.windowSeconds());
            String loadAfter = RunSupport.loadAverage();
            Report.print(uses, "tocsin", loadBefore, loadAfter, timing.top());
        } finally {
            if (peer != null) {
                peer.close();
            }
            up.close();
            Runtime.getRuntime().removeShutdownHook(stopAll);
            RunSupport.removeTree(dir);
        }
    }

    private static int ruleCount(Path log) throws IOException {
        Matcher m = Pattern.compile("(\\d+) rules from").matcher(Files.readString(log));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Every {@code --env NAME=VALUE}: set in the launcher's environment after the driver's own. */
    static Map<String, String> envOptions(String[] args) {
        return RunSupport.pairs(args, "--env");
    }
}
