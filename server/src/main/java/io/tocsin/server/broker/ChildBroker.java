package io.tocsin.server.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker of {@code ./tocsin up}, in a child JVM of its own: isolated heap, logs and exit
 * path. Its output is appended to {@code <data>/broker.log}, so that a restart keeps the
 * lines that say why the previous one died.
 */
public final class ChildBroker implements AutoCloseable {
    private static final String READY = "BROKER READY ";
    /**
     * The single broker of {@code ./tocsin up}: its live heap at rest is about 40 MB (with the
     * cleaner's small dedupe buffer, see BrokerConfig); 256 MB leaves room for request buffers
     * under load.
     */
    public static final String DEFAULT_HEAP = "256m";

    private final Process process;
    private final BrokerConfig config;
    private final Path logFile;
    private final long logStart;
    private Instant readyAt;

    private ChildBroker(Process process, BrokerConfig config, Path logFile, long logStart) {
        this.process = process;
        this.config = config;
        this.logFile = logFile;
        this.logStart = logStart;
    }

    public static ChildBroker start(BrokerConfig config, String classpath, Path logFile) {
        ChildBroker child = launch(config, classpath, logFile, DEFAULT_HEAP, null);
        child.awaitReady(90_000);
        return child;
    }

    /**
     * Starts the JVM without waiting for it: a node of a cluster cannot be ready before a
     * majority of the quorum runs, so a {@link BrokerCluster} launches them all, then waits.
     *
     * @param clusterId the id to format a new data directory with; null: a new one
     */
    public static ChildBroker launch(
            BrokerConfig config, String classpath, Path logFile, String heap, String clusterId) {
        try {
            Files.createDirectories(logFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java));
            // a cluster node is started with its cluster's id; the one broker of `up` formats its own
            cmd.addAll(jvmOptions(heap, clusterId == null));
            cmd.addAll(List.of(
                    "-Dlogback.configurationFile=logback-broker.xml",
                    "-cp",
                    classpath,
                    BrokerMain.class.getName(),
                    "--data-dir",
                    config.dataDir().toString(),
                    "--port",
                    String.valueOf(config.port()),
                    "--controller-port",
                    String.valueOf(config.controllerPort()),
                    "--node-id",
                    String.valueOf(config.nodeId()),
                    "--voters",
                    config.voters(),
                    "--cluster-size",
                    String.valueOf(config.clusterSize())));
            if (clusterId != null) {
                cmd.addAll(List.of("--cluster-id", clusterId));
            }
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildBroker(p, config, logFile, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker JVM", e);
        }
    }

    /**
     * The broker JVM's options. Every node: the serial collector (no G1 worker, refinement or
     * marking threads, and none of G1's native bookkeeping, ~50 MB at a 1 GB heap). The one broker
     * of {@code ./tocsin up} also starts small and grows only as far as it needs, and compiles with
     * C1 only: its work is moving bytes between sockets and files, where C2's code gains little,
     * and C2 compiling for minutes after start was its largest idle cost (issue 20). Public for
     * the bench drivers, which start the same JVM with one option changed ({@code bench.IdleFloor}).
     */
    public static List<String> jvmOptions(String heap, boolean single) {
        if (!single) {
            // The small nodes of a cluster on one machine: no G1 worker threads, and no C2
            // compiler threads competing with the other JVMs for the cores while they boot.
            return List.of("-Xms128m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        }
        return List.of(
                "-Xms32m",
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30",
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-Xss512k",
                // No hsperfdata sampler waking every 50 ms (jcmd <pid> still works; jstat does not).
                "-XX:-UsePerfData");
    }

    public String bootstrap() {
        return config.bootstrap();
    }

    public long pid() {
        return process.pid();
    }

    /** When it said it was ready. */
    public Instant readyAt() {
        return readyAt;
    }

    /** Blocks until the broker JVM is gone; returns its exit code. */
    public int waitForExit() throws InterruptedException {
        return process.waitFor();
    }

    public BrokerConfig config() {
        return config;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no controlled shutdown, leaders move only when its session expires. */
    public void kill() {
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker " + config.nodeId() + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads only what this start wrote: the READY line of an earlier start does not count. */
    public void awaitReady(long timeoutMs) {
        try {
            awaitReadyLine(timeoutMs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    private void awaitReadyLine(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            String log = since(logFile, logStart);
            if (log.contains(READY)) {
                readyAt = Instant.now();
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with code " + process.exitValue()
                        + "; last lines of " + logFile + ":\n" + tail(log, 30));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                "the broker did not become ready in " + timeoutMs / 1000 + " s; see " + logFile);
    }

    /** SIGTERM first, so that the broker shuts down cleanly and restarts fast. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String since(Path logFile, long from) throws IOException {
        if (!Files.exists(logFile)) {
            return "";
        }
        byte[] all = Files.readAllBytes(logFile);
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
