package io.tocsin.tests.bench.idle;

import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.BrokerMain;
import io.tocsin.server.broker.ChildBroker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor's broker: the child JVM of {@code ./tocsin up}. As the launcher starts it (ChildBroker,
 * the server classpath, BrokerMain, a fresh data directory) unless the rung changes a broker
 * setting; then the same command with the JVM options added after ChildBroker's, and
 * FloorBrokerMain in place of BrokerMain when a property changes.
 */
final class FloorBroker implements AutoCloseable {
    final long pid;
    final String bootstrap;
    private final AutoCloseable stop;

    private FloorBroker(long pid, String bootstrap, AutoCloseable stop) {
        this.pid = pid;
        this.bootstrap = bootstrap;
        this.stop = stop;
    }

    static FloorBroker start(FloorSpec spec, Path repo, Path dir) throws IOException {
        BrokerConfig config = new BrokerConfig(dir.resolve("kafka"), UpProcess.freePort(), UpProcess.freePort());
        Path log = dir.resolve("broker.log");
        if (spec.brokerAsUp()) {
            ChildBroker child = ChildBroker.start(config, UpProcess.serverClasspath(repo), log);
            return new FloorBroker(child.pid(), child.bootstrap(), child);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ChildBroker.jvmOptions(ChildBroker.DEFAULT_HEAP, true));
        cmd.addAll(spec.brokerJvm());
        cmd.add("-Dlogback.configurationFile=logback-broker.xml");
        cmd.add("-cp");
        cmd.add(UpProcess.serverClasspath(repo) + File.pathSeparator + repo.resolve("tests/target/test-classes"));
        cmd.add(spec.brokerProps().isEmpty() ? BrokerMain.class.getName() : FloorBrokerMain.class.getName());
        cmd.addAll(List.of(
                "--data-dir", config.dataDir().toString(),
                "--port", Integer.toString(config.port()),
                "--controller-port", Integer.toString(config.controllerPort())));
        spec.brokerProps().forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        FloorBroker broker = new FloorBroker(p.pid(), config.bootstrap(), () -> stop(p));
        try {
            awaitLine(p, log, "BROKER READY", 120);
        } catch (RuntimeException e) {
            stop(p);
            throw e;
        }
        return broker;
    }

    /** The broker's command line as the kernel has it: to show that a rung ran the JVM it meant to. */
    String commandLine() {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
    }

    static void awaitLine(Process p, Path log, String line, long seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        "exited with " + p.exitValue() + " before \"" + line + "\"; see " + log);
            }
            Peer.sleep(200);
        }
        throw new IllegalStateException("no \"" + line + "\" in " + seconds + " s; see " + log);
    }

    static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
