package io.tocsin.tests.crash;

import io.tocsin.server.ServiceMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * One Tocsin service ({@link ServiceMain}) in a JVM of its own, on the test JVM's broker, so that
 * a test can SIGKILL it: no shutdown hook, no Streams close, no offset commit, no goodbye to the
 * group. Started on a fixed free port that every restart reuses; ready once /health answers 200.
 * Each start logs to its own file under {@code logDir}, kept for the post-mortem.
 */
public final class ChildService implements AutoCloseable {
    private Duration readyTimeout = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path logDir;
    private final int port;
    private Process process;
    private Path log;
    private int starts;

    ChildService(String name, List<String> serviceArgs, Map<String, String> env, Path logDir, String heap) {
        this.name = name;
        this.port = freePort();
        this.env = Map.copyOf(env);
        this.logDir = logDir;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                ChildClasspath.get(),
                ServiceMain.class.getName()));
        cmd.addAll(serviceArgs);
        cmd.addAll(List.of("--port", Integer.toString(port), "--exit-with-stdin", "1"));
        this.command = List.copyOf(cmd);
    }

    /** How long a start may take before it counts as failed: longer when many JVMs start at once. */
    public ChildService readyWithin(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the JVM and waits until /health says ready; returns how long that took. */
    public Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logDir);
            log = logDir.resolve(name + "-" + (++starts) + ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().putAll(env);
            // stdin stays a pipe held by this JVM: if the test JVM dies, the child sees EOF and exits.
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitReady(t0);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SIGKILL, then wait until the process is gone: nothing of it runs any more. */
    public void kill() {
        if (process == null) {
            return;
        }
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitReady(long t0) {
        long deadline = t0 + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionFailedError(name + " exited with " + process.exitValue() + "; " + tail());
            }
            if (healthy()) {
                return;
            }
            sleep(100);
        }
        kill();
        throw new AssertionFailedError(name + " not ready after " + readyTimeout.toSeconds() + " s; " + tail());
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + "/health"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String tail() {
        try {
            List<String> lines =
                    Arrays.asList(Files.readString(log, StandardCharsets.UTF_8).split("\n"));
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "no log at " + log;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
