package io.tocsin.tests.bench.idle;

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
 * The peer at rest: Debian's Prometheus 2.42 evaluating the packs' rules in PromQL form
 * ({@code promdiff/packs.yml}) every second, scraping itself and Alertmanager every 15 s (as
 * {@code ./tocsin up} scrapes itself), and Alertmanager 0.25 with one webhook receiver. Loopback
 * only; nothing is sent to either.
 */
final class Peer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process prometheus;
    final Process alertmanager;

    private Peer(Process prometheus, Process alertmanager) {
        this.prometheus = prometheus;
        this.alertmanager = alertmanager;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/prometheus"))
                && Files.isExecutable(Path.of("/usr/bin/prometheus-alertmanager"));
    }

    static Peer start(Path dir, Path rules, int promPort, int amPort, int amClusterPort) throws IOException {
        Files.createDirectories(dir);
        Path amConfig = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: hook
                  group_wait: 0s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:9/hook
                """);
        Path promConfig = Files.writeString(
                dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 15s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ["127.0.0.1:%d"]}]
                scrape_configs:
                  - job_name: prometheus
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                  - job_name: alertmanager
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(rules.toAbsolutePath(), amPort, promPort, amPort));
        Process am = new ProcessBuilder(List.of(
                        "/usr/bin/prometheus-alertmanager",
                        "--config.file=" + amConfig,
                        "--storage.path=" + dir.resolve("am-data"),
                        "--web.listen-address=127.0.0.1:" + amPort,
                        "--cluster.listen-address="))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        Process prom = new ProcessBuilder(List.of(
                        "/usr/bin/prometheus",
                        "--config.file=" + promConfig,
                        "--storage.tsdb.path=" + dir.resolve("prom-data"),
                        "--web.listen-address=127.0.0.1:" + promPort))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        Peer peer = new Peer(prom, am);
        try {
            awaitReady("http://127.0.0.1:" + amPort + "/-/ready");
            awaitReady("http://127.0.0.1:" + promPort + "/-/ready");
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static void awaitReady(String url) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(url + " not ready in 60 s");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : List.of(prometheus, alertmanager)) {
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
