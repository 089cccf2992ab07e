package io.tocsin.server.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker of {@code ./tocsin up}, in a child JVM of its own: isolated heap, logs and exit
 * path. Its output is appended to {@code <data>/broker.log}, so that a restart keeps the
 * lines that say why the previous one died.
 */
public final class ChildBroker implements AutoCloseable {
    private static final String READY = "BROKER READY ";

    private final Process process;
    private final BrokerConfig config;
    private Instant readyAt;

    private ChildBroker(Process process, BrokerConfig config) {
        this.process = process;
        this.config = config;
    }

    public static ChildBroker start(BrokerConfig config, String classpath, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of(
                    java,
                    "-Xms128m",
                    "-Xmx768m",
                    "-XX:+UseG1GC",
                    "-Dlogback.configurationFile=logback-broker.xml",
                    "-cp",
                    classpath,
                    BrokerMain.class.getName(),
                    "--data-dir",
                    config.dataDir().toString(),
                    "--port",
                    String.valueOf(config.port()),
                    "--controller-port",
                    String.valueOf(config.controllerPort()));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ChildBroker child = new ChildBroker(p, config);
            child.awaitReady(logFile, logStart, 90_000);
            return child;
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

    /** Reads only what this start wrote: the READY line of an earlier start does not count. */
    private void awaitReady(Path logFile, long from, long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            String log = since(logFile, from);
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
