package io.tocsin.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health tells the truth about Kafka. Timeline: the three services run and say UP; the broker
 * stops; within 5 s every /health says 503 and ingest refuses new writes at once (503 with
 * Retry-After) while a write sent just before the loss is answered within the stated bound; the
 * broker restarts; every /health is 200 again by itself and ingest accepts writes.
 */
@ExtendWith(KafkaBroker.class)
class KafkaLossHealthIT {
    private static final Duration READINESS_BOUND = Duration.ofSeconds(5);
    private static final String SAMPLE = """
            {"samples":[{"name":"kafka_loss_probe","labels":{"run":"%s"},"value":1}]}
            """.formatted(UUID.randomUUID());

    @Test
    void everyServiceGoesDownWithinFiveSecondsOfLosingKafkaAndComesBackByItself() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String id = "health-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Tocsin tocsin = Tocsin.start(new TocsinOptions(
                KafkaBroker.bootstrap(),
                dir.resolve("state"),
                rules,
                null,
                0,
                0,
                0,
                1,
                id,
                TopologySettings.DEFAULTS,
                Map.of()))) {
            Map<String, String> services = new LinkedHashMap<>();
            services.put("ingest", tocsin.ingestUrl());
            services.put("rules", tocsin.rulesUrl());
            services.put("notifier", tocsin.notifierUrl());
            services.forEach((name, url) -> awaitHealth(name, url, 200, Duration.ofSeconds(60)));
            assertEquals(
                    200, Http.post(tocsin.ingestUrl() + "/v1/samples", SAMPLE).statusCode());

            Map<String, Long> downAfterMs = new LinkedHashMap<>();
            Map<String, Long> upAfterMs = new LinkedHashMap<>();
            long inFlightMs;
            int inFlightStatus;
            long refusalMs;
            HttpResponse<String> refused;
            try {
                KafkaBroker.stopBroker();
                long lost = System.nanoTime();
                // A write that leaves just after the loss, before readiness knows: it waits for the producer's timeout.
                CompletableFuture<HttpResponse<String>> inFlight =
                        CompletableFuture.supplyAsync(() -> Http.post(tocsin.ingestUrl() + "/v1/samples", SAMPLE));
                services.forEach((name, url) -> {
                    awaitHealth(name, url, 503, Duration.ofSeconds(15));
                    downAfterMs.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lost));
                });
                // /health can go down on a failed send before the Kafka probe has noticed (it waits 4 s
                // without an answer); writes are refused at once from the moment the probe has.
                Eventually.await(
                        READINESS_BOUND,
                        "ingest's Kafka probe noticing the loss",
                        () -> Http.get(tocsin.ingestUrl() + "/health")
                                        .body()
                                        .contains("\"kafka-reachable\":{\"up\":false")
                                ? Boolean.TRUE
                                : null);
                long t = System.nanoTime();
                refused = Http.post(tocsin.ingestUrl() + "/v1/samples", SAMPLE);
                refusalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                HttpResponse<String> first = inFlight.get(30, TimeUnit.SECONDS);
                inFlightStatus = first.statusCode();
                inFlightMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lost);
            } finally {
                KafkaBroker.restartBroker();
            }
            long back = System.nanoTime();
            services.forEach((name, url) -> {
                awaitHealth(name, url, 200, Duration.ofSeconds(60));
                upAfterMs.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
            });
            HttpResponse<String> accepted =
                    Eventually.await(Duration.ofSeconds(30), "ingest accepting writes again", () -> {
                        HttpResponse<String> r = Http.post(tocsin.ingestUrl() + "/v1/samples", SAMPLE);
                        return r.statusCode() == 200 ? r : null;
                    });

            System.out.printf(
                    "kafka loss: /health 503 after %s ms; new write refused in %d ms; write in flight at the"
                            + " loss answered %d after %d ms; all 200 again %s ms after the broker restarted%n",
                    downAfterMs, refusalMs, inFlightStatus, inFlightMs, upAfterMs);
            LAST_DOWN.forEach((name, body) -> System.out.printf("  %s was last down with %s%n", name, body));
            downAfterMs.forEach((name, ms) -> assertTrue(
                    ms <= READINESS_BOUND.toMillis(), name + " readiness went down " + ms + " ms after the loss"));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "503 carries Retry-After");
            assertTrue(refusalMs < 1000, "ingest refused in " + refusalMs + " ms while Kafka is away");
            assertTrue(
                    inFlightMs < KafkaSink.DELIVERY_TIMEOUT.plusSeconds(3).toMillis(),
                    "the write in flight at the loss was answered after " + inFlightMs + " ms");
            assertEquals(200, accepted.statusCode());
        }
    }

    private static final Map<String, String> LAST = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last 503 answer of each service: what held it down longest on the way back. */
    private static final Map<String, String> LAST_DOWN = new java.util.concurrent.ConcurrentHashMap<>();

    /** Polls /health about every 100 ms until it answers {@code status}. */
    private static void awaitHealth(String name, String url, int status, Duration bound) {
        try {
            awaitHealthOrFail(name, url, status, bound);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + LAST.get(name), e);
        }
    }

    private static void awaitHealthOrFail(String name, String url, int status, Duration bound) {
        Eventually.await(bound, name + " /health answering " + status, () -> {
            try {
                Thread.sleep(80);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            HttpResponse<String> r = Http.get(url + "/health");
            LAST.put(name, r.body());
            if (r.statusCode() == 503) {
                LAST_DOWN.put(name, r.body());
            }
            return r.statusCode() == status ? Boolean.TRUE : null;
        });
    }
}
