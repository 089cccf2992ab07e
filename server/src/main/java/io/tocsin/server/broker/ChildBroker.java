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
    private static final String DEFAULT_HEAP = "768m";

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
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx" + heap));
            if (heap.equals(DEFAULT_HEAP)) {
                cmd.add("-XX:+UseG1GC");
            } else {
                // The small nodes of a cluster on one machine: no G1 worker threads, and no C2
                // compiler threads competing with the other JVMs for the cores while they boot.
                cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            }
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
