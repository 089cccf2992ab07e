package io.tocsin.tests.bench.idle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The run behind {@link io.tocsin.tests.bench.IdleFloor}: one rung, start, settle, measure, report, stop. */
public final class FloorRun {
    private FloorRun() {}

    public static void main(String[] args) throws Exception {
        FloorSpec spec = FloorSpec.parse(args);
        Timing timing = Timing.of(args);
        Path repo = RunSupport.repoRoot();
        Path dir = Files.createTempDirectory("tocsin-floor-");
        List<AutoCloseable> started = new ArrayList<>();
        Thread stopAll = new Thread(() -> closeAll(started), "idle-floor-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            System.out.printf("rung %s: %s%n", spec.rung(), spec);
            List<Window.Subject> subjects = new ArrayList<>();
            long brokerPid;
            if (spec.rung().equals("tocsin")) {
                UpProcess up = UpProcess.start(repo, dir.resolve("data"), UpProcess.serverClasspath(repo), Map.of());
                started.add(up);
                up.awaitUp(Duration.ofSeconds(180));
                brokerPid = up.broker()
                        .orElseThrow(() -> new IllegalStateException("no broker child JVM"))
                        .pid();
                subjects.add(new Window.Subject("launcher", up.launcher.pid(), true));
            } else {
                FloorBroker broker = FloorBroker.start(spec, repo, dir);
                started.add(broker);
                brokerPid = broker.pid;
                System.out.printf("broker: %s%n", broker.commandLine().replaceAll(" -cp \\S+", " -cp ..."));
                System.out.printf("broker features: %s%n", features(broker.bootstrap));
                if (spec.clients()) {
                    Process clients = startClients(repo, dir, broker.bootstrap, args);
                    started.add(() -> FloorBroker.stop(clients));
                    subjects.add(new Window.Subject("clients", clients.pid(), true));
                }
            }
            subjects.add(0, new Window.Subject("broker", brokerPid, true));
            BrokerRequests requests = BrokerRequests.attach(brokerPid);
            if (timing.peerToo()) {
                Peer peer = Peer.start(
                        dir.resolve("peer"),
                        repo.resolve("tests/src/test/resources/promdiff/packs.yml"),
                        UpProcess.freePort(),
                        UpProcess.freePort(),
                        UpProcess.freePort());
                started.add(peer);
                subjects.add(new Window.Subject("prometheus", peer.prometheus.pid(), false));
                subjects.add(new Window.Subject("alertmanager", peer.alertmanager.pid(), false));
            }
            System.out.printf("settling %d s, then measuring %d s%n", timing.settleSeconds(), timing.windowSeconds());
            Peer.sleep(timing.settleSeconds() * 1000);

            Map<String, Long> before = requests.counts();
            String loadBefore = RunSupport.loadAverage();
            List<Window.Use> uses = Window.measure(subjects, timing.windowSeconds());
            String loadAfter = RunSupport.loadAverage();
            Map<String, Long> after = requests.counts();
            Report.print(uses, "floor", loadBefore, loadAfter, timing.top());
            System.out.printf("%nbroker requests a second in the window (its RequestMetrics):%n");
            BrokerRequests.rates(before, after, uses.get(0).seconds())
                    .forEach((api, rate) -> System.out.printf("  %8.2f  %s%n", rate, api));
        } finally {
            closeAll(started);
            Runtime.getRuntime().removeShutdownHook(stopAll);
            RunSupport.removeTree(dir);
        }
    }

    /** The client JVM with the launcher's options: what a Tocsin JVM of these clients would cost. */
    private static Process startClients(Path repo, Path dir, String bootstrap, String[] args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(UpProcess.launcherOptions(repo));
        cmd.add("-cp");
        cmd.add(repo.resolve("tests/target/test-classes")
                + File.pathSeparator
                + Files.readString(repo.resolve("tests/target/test-classpath.txt"))
                        .strip());
        cmd.add(FloorClients.class.getName());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of(
                "--bootstrap", bootstrap, "--state-dir", dir.resolve("state").toString()));
        Path log = dir.resolve("clients.log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            FloorBroker.awaitLine(p, log, FloorClients.READY, 180);
        } catch (RuntimeException e) {
            System.out.println(Files.readString(log));
            FloorBroker.stop(p);
            throw e;
        }
        Files.readAllLines(log).stream()
                .filter(l -> l.startsWith(FloorClients.READY))
                .forEach(l -> System.out.println("clients: " + l));
        return p;
    }

    /** The cluster's finalized feature levels: group.version and streams.version say which group protocols it takes. */
    private static String features(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<String, ?> finalized = admin.describeFeatures()
                    .featureMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .finalizedFeatures();
            StringBuilder out = new StringBuilder();
            finalized.forEach((k, v) -> out.append(k)
                    .append('=')
                    .append(v.toString().replaceAll(".*maxVersionLevel=(\\d+).*", "$1"))
                    .append(' '));
            return out.toString().strip();
        }
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping: " + e);
            }
        }
        started.clear();
    }
}
