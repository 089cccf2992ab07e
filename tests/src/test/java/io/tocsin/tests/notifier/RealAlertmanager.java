package io.tocsin.tests.notifier;

import io.tocsin.tests.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Alertmanager 0.25 ({@code prometheus-alertmanager}) as a child process on a free
 * loopback port, clustering off, with its own config and storage dir: the reference the
 * notifier's Alertmanager-compatible behaviour is compared with.
 */
public final class RealAlertmanager implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    public final String url;
    private final Process process;

    private RealAlertmanager(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The Alertmanager process, for reading what it has used (/proc). */
    public long pid() {
        return process.pid();
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static RealAlertmanager start(String yaml, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), yaml);
        int port = NotifierOnBroker.freePort();
        Process p = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address="))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        RealAlertmanager am = new RealAlertmanager(p, "http://127.0.0.1:" + port);
        try {
            Eventually.await(Duration.ofSeconds(30), "Alertmanager ready", () -> {
                try {
                    return NotifierOnBroker.get(am.url + "/-/ready").statusCode() == 200 ? true : null;
                } catch (RuntimeException notYet) {
                    return null;
                }
            });
        } catch (RuntimeException | Error e) {
            am.close();
            throw e;
        }
        return am;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
