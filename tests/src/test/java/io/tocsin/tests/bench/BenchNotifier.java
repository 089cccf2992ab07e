package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.api.AlertApi;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertBacklog;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Tocsin's side of {@link AlertmanagerSideBySide}: a notifier service with its own application id
 * and state dir, and what its meters say about alerts it has taken but not yet held.
 */
record BenchNotifier(NotifierService service, String url, PrometheusMeterRegistry registry) implements AutoCloseable {
    static final Map<String, BenchNotifier> BY_URL = new java.util.concurrent.ConcurrentHashMap<>();

    static BenchNotifier start(Vertx vertx, String bootstrap, String yaml, Path dir) throws Exception {
        NotifierConfig config = NotifierConfig.parse(yaml, "bench.yml", Map.of());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotifierService service = new NotifierService(
                vertx,
                new NotifierSettings(
                        new KafkaSettings(bootstrap),
                        "127.0.0.1",
                        0,
                        dir.resolve("state"),
                        1,
                        "bench-" + dir.getFileName() + "-" + UUID.randomUUID()),
                config,
                registry);
        int port = service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        BenchNotifier t = new BenchNotifier(service, "http://127.0.0.1:" + port, registry);
        BY_URL.put(t.url, t);
        // Ready means the dispatch owns its partitions: a probe alert is visible.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        AlertReads.send(HttpRequest.newBuilder(URI.create(t.url + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AlertPosts.batch(
                        "probe", "own", 0, 1, Instant.now().plusSeconds(3600).toString())))
                .build());
        while (AlertReads.count(t.url, "run=\"probe\"") < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the notifier did not hold a probe alert within 60 s");
            }
            Thread.sleep(100);
        }
        return t;
    }

    /**
     * Tocsin: of the run's alerts, how many GET /api/v2/alerts shows (held, or posted and kept
     * until held) and how many its groups hold (the instance's own answer, {@code local=true},
     * which leaves the kept posts out), with the posts not held yet by the gauge.
     */
    static String visibleAndHeld(String url, String run, int posted) {
        BenchNotifier t = BY_URL.get(url);
        String matcher = "run=\"" + run + "\"";
        int visible = AlertReads.count(url, matcher);
        int held = AlertReads.countHeld(url, matcher);
        return String.format(
                "%d of %d visible, %d held in groups (%s %.0f)",
                visible,
                posted,
                held,
                AlertApi.UNHELD_METER,
                t.registry.get(AlertApi.UNHELD_METER).gauge().value());
    }

    /** How the decisions reached delivery so far: handed over at their commit, or left to the read (cumulative). */
    static String handoffs(String url) {
        PrometheusMeterRegistry r = BY_URL.get(url).registry;
        StringBuilder b = new StringBuilder("decisions handed to delivery:");
        for (String verdict : new String[] {"take", "read", "gap", "not_reading"}) {
            var c = r.find("tocsin.notifier.delivery.handoffs")
                    .tag("verdict", verdict)
                    .counter();
            b.append(' ').append(verdict).append(' ').append(c == null ? 0 : (long) c.count());
        }
        return b.toString();
    }

    /** Waits {@code atLeastSeconds}, then until the notifier's alert backlog reads 0 (at most {@code limitSeconds}). */
    static void settle(String url, int atLeastSeconds, int limitSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(atLeastSeconds));
        BenchNotifier t = BY_URL.get(url);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            quiet = t.registry.get(AlertBacklog.METER).gauge().value() == 0 ? quiet + 1 : 0;
            Thread.sleep(200);
        }
        System.out.printf(
                "  %s: settled %.1f s after the warm-up%s%n", url, (System.nanoTime() - t0) / 1e9, backlog(url));
    }

    /** Where the notifier's backlog gauge says the missing alerts are. */
    static String backlog(String url) {
        BenchNotifier t = BY_URL.get(url);
        return t == null
                ? ""
                : String.format(
                        " (%s %.0f)",
                        AlertBacklog.METER,
                        t.registry.get(AlertBacklog.METER).gauge().value());
    }

    @Override
    public void close() throws Exception {
        service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
