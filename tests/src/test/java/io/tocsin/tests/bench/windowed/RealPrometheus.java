package io.tocsin.tests.bench.windowed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus 2.42 as a child process on loopback, tuned for speed as a careful operator
 * would: 1 s scrape and evaluation intervals, alerts sent to the given Alertmanager.
 */
final class RealPrometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;

    private RealPrometheus(Process process) {
        this.process = process;
    }

    static RealPrometheus start(Path dir, int port, String exporter, String alertmanager, String rules)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path rulesFile = Files.writeString(dir.resolve("rules.yml"), rules);
        Path config =
                Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%s']
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['%s']}]
                scrape_configs:
                  - job_name: scenario
                    honor_labels: true
                    static_configs: [{targets: ['%s']}]
                """.formatted(rulesFile, alertmanager, exporter));
        Process p = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        RealPrometheus prom = new RealPrometheus(p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return prom;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !p.isAlive()) {
                prom.close();
                throw new IllegalStateException(
                        "Prometheus did not become ready: see " + dir.resolve("prometheus.log"));
            }
            Thread.sleep(200);
        }
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
