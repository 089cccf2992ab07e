package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver, not a test: (1) alerts/s accepted by POST /api/v2/alerts in batches of 100 (4
 * concurrent senders, answered after Kafka acks), then (2) latency of GET /api/v2/alerts once
 * the notifier holds N active alerts, each in its own group. Bounded: sending stops after N
 * alerts or 120 s, waiting for the alerts to be held after 180 s.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.AlertApiBench -Dexec.args="100000 30"
 * (arguments: alerts, GET requests)
 */
public final class AlertApiBench {
    private static final int BATCH = 100;
    private static final int SENDERS = 4;

    private AlertApiBench() {}

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int gets = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createDirectories(Path.of("target", "bench-api-" + UUID.randomUUID()));
        Vertx vertx = Vertx.vertx();
        try (EmbeddedBroker broker = EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()))) {
            TopicAdmin.ensureTopics(broker.bootstrap(), 4, 1);
            NotifierConfig config = NotifierConfig.parse("""
                    route:
                      receiver: nowhere
                      group_by: ['...']
                    receivers:
                      - name: nowhere
                    """, "bench.yml", Map.of());
            NotifierService notifier = new NotifierService(
                    vertx,
                    new NotifierSettings(
                            new KafkaSettings(broker.bootstrap()),
                            "127.0.0.1",
                            0,
                            dir.resolve("state"),
                            1,
                            "bench-api"),
                    config,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            int port =
                    notifier.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            Thread.sleep(5_000); // the first rebalance
            try {
                post(http, url, alerts);
                getLatency(http, url, alerts, gets);
            } finally {
                notifier.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static void post(HttpClient http, String url, int alerts) throws Exception {
        String endsAt = Instant.now().plusSeconds(3600).toString();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        long t0 = System.nanoTime();
        List<Future<Integer>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(pool.submit(() -> {
                int sent = 0;
                int from;
                while ((from = next.getAndAdd(BATCH)) < alerts && System.nanoTime() < deadline) {
                    StringBuilder body = new StringBuilder("[");
                    for (int i = from; i < Math.min(alerts, from + BATCH); i++) {
                        body.append(i == from ? "" : ",")
                                .append("{\"labels\":{\"alertname\":\"Bench\",\"instance\":\"i-")
                                .append(i)
                                .append("\",\"job\":\"bench\"},\"annotations\":{\"summary\":\"bench alert\"},")
                                .append("\"endsAt\":\"")
                                .append(endsAt)
                                .append("\"}");
                    }
                    String batch = body.append(']').toString();
                    HttpResponse<String> r;
                    // A batch refused with 429 (the dispatch is behind) is sent again after its Retry-After.
                    while ((r = http.send(
                                            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                                    .header("Content-Type", "application/json")
                                                    .POST(HttpRequest.BodyPublishers.ofString(batch))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString()))
                                    .statusCode()
                            == 429) {
                        refused.incrementAndGet();
                        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(
                                r.headers().firstValue("Retry-After").orElse("1"))));
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
                    }
                    sent += Math.min(BATCH, alerts - from);
                }
                return sent;
            }));
        }
        int total = 0;
        for (Future<Integer> f : senders) {
            total += f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        System.out.printf(
                "POST /api/v2/alerts: %d alerts in batches of %d, %d senders, %.1f s: %.0f accepted alerts/s, %d x 429%n",
                total, BATCH, SENDERS, seconds, total / seconds, refused.get());
    }

    private static void getLatency(HttpClient http, String url, int alerts, int gets) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        int held = 0;
        while (System.nanoTime() < deadline) {
            held = count(http.send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            if (held >= alerts) {
                break;
            }
            Thread.sleep(2_000);
        }
        System.out.printf("active alerts held: %d of %d after %.1f s%n", held, alerts, (System.nanoTime() - t0) / 1e9);
        List<Long> micros = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < gets; i++) {
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            micros.add((System.nanoTime() - s) / 1000);
            bytes = r.body().length();
        }
        Collections.sort(micros);
        System.out.printf(
                "GET /api/v2/alerts with %d active alerts (%d MB): p50 %d ms, p99 %d ms, max %d ms over %d requests%n",
                held,
                bytes / 1_000_000,
                micros.get(micros.size() / 2) / 1000,
                micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000,
                micros.get(micros.size() - 1) / 1000,
                gets);
    }

    private static int count(String body) {
        int n = 0;
        for (int i = body.indexOf("\"fingerprint\""); i >= 0; i = body.indexOf("\"fingerprint\"", i + 1)) {
            n++;
        }
        return n;
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
