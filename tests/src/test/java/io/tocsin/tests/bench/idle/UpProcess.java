package io.tocsin.tests.bench.idle;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./tocsin up} starts, without the script's build: {@code java <launcher options>
 * io.tocsin.server.TocsinMain up} from the repository root, with the launcher's JVM options read
 * as the script reads them ({@code server/jvm.options}, or TOCSIN_JAVA_OPTS), the example rules
 * and routing, no secrets, a fresh data directory, and free ports for everything it listens on.
 * The launcher starts its broker child JVM itself, as it does for a user.
 */
final class UpProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Where rules-examples/routing.yml sends the watchdog's beat. */
    private static final int WATCHDOG_PORT = 9474;

    final Process launcher;
    final List<String> command;
    final String rulesUrl;
    final Path log;

    private UpProcess(Process launcher, List<String> command, String rulesUrl, Path log) {
        this.launcher = launcher;
        this.command = command;
        this.rulesUrl = rulesUrl;
        this.log = log;
    }

    /** The launcher's options as {@code ./tocsin} passes them: TOCSIN_JAVA_OPTS wins over the file. */
    static List<String> launcherOptions(Path repo) throws IOException {
        String given = System.getenv("TOCSIN_JAVA_OPTS");
        if (given != null && !given.isBlank()) {
            return Arrays.asList(given.trim().split("\\s+"));
        }
        Path file = repo.resolve("server/jvm.options");
        if (!Files.exists(file)) {
            return List.of("-Xmx1g");
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String flag = line.strip();
            if (!flag.isEmpty() && !flag.startsWith("#")) {
                out.addAll(Arrays.asList(flag.split("\\s+")));
            }
        }
        return out;
    }

    static UpProcess start(Path repo, Path dataDir, String classpath, Map<String, String> extraEnv) throws IOException {
        Files.createDirectories(dataDir);
        int rulesPort = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherOptions(repo));
        cmd.addAll(List.of("-cp", classpath, "io.tocsin.server.TocsinMain", "up"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("up.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("TOCSIN_")
                        || k.equals("KAFKA_BOOTSTRAP")
                        || k.endsWith("_WEBHOOK_URL")
                        || k.endsWith("_KEY")
                        || k.endsWith("_PASSWORD"));
        env.put("TOCSIN_DATA_DIR", dataDir.toString());
        env.put("TOCSIN_BROKER_PORT", Integer.toString(freePort()));
        env.put("TOCSIN_CONTROLLER_PORT", Integer.toString(freePort()));
        env.put("TOCSIN_INGEST_PORT", Integer.toString(freePort()));
        env.put("TOCSIN_RULES_PORT", Integer.toString(rulesPort));
        env.put("TOCSIN_NOTIFIER_PORT", Integer.toString(freePort()));
        env.put("TOCSIN_CONSOLE_PORT", Integer.toString(freePort()));
        env.put("TOCSIN_WATCHDOG_PORT", Integer.toString(watchdogPort()));
        env.putAll(extraEnv);
        Process p = pb.start();
        return new UpProcess(p, List.copyOf(cmd), "http://127.0.0.1:" + rulesPort, dataDir.resolve("up.log"));
    }

    /** The server classpath: the tests module's written-down classpath less every test-classes directory. */
    static String serverClasspath(Path repo) throws IOException {
        String all = Files.readString(repo.resolve("tests/target/test-classpath.txt"))
                .strip();
        return String.join(
                File.pathSeparator,
                Arrays.stream(all.split(File.pathSeparator))
                        .filter(e -> !e.endsWith("test-classes"))
                        .toList());
    }

    /** Until the banner is printed and the rules' Streams application is RUNNING. */
    void awaitUp(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("tocsin up exited with " + launcher.exitValue() + "; see " + log);
            }
            if (Files.readString(log).contains("Tocsin is up.") && ready(rulesUrl + "/health/ready")) {
                return;
            }
            Peer.sleep(250);
        }
        throw new IllegalStateException("tocsin up not up in " + timeout.toSeconds() + " s; see " + log);
    }

    /** The broker's JVM: the launcher's child. */
    Optional<ProcessHandle> broker() {
        return launcher.children().filter(ProcessHandle::isAlive).findFirst();
    }

    private static boolean ready(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The example routing sends the watchdog's beat to 127.0.0.1:9474 (rules-examples/routing.yml),
     * so the watchdog listens there, as in a real {@code ./tocsin up}: on any other port the
     * notifier retries a refused delivery at rest and the watchdog calls the pipeline silent,
     * which the idle figures would carry.
     */
    private static int watchdogPort() {
        try (ServerSocket s = new ServerSocket(WATCHDOG_PORT)) {
            return WATCHDOG_PORT;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + WATCHDOG_PORT + " (the example routing's watchdog) is taken: is a"
                            + " ./tocsin up running?",
                    e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM as Ctrl-C would, then SIGKILL for whatever is left (the broker included). */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        launcher.destroy();
        try {
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.destroyForcibly();
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }
}
